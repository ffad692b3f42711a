import {mkdtempSync, rmSync, statSync, truncateSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {open} from 'lmdb'
import {afterEach, describe, expect, it} from 'vitest'
import {paginate} from '../../../src/emulator/services/paging.js'
import type {Collection, Mutation} from '../../../src/emulator/store/collection.js'
import {StoreDatabase} from '../../../src/emulator/store/database.js'
import {MemoryCollection} from '../../../src/emulator/store/memory-collection.js'
import {openStore} from '../../../src/emulator/store/store.js'

interface Item {
  id: string
  code?: string
  group: string
}

const spec = {unique: {code: (item: Item) => item.code}, groups: {group: (item: Item) => item.group}}
type Items = Collection<Item, 'code', 'group'>
const cleanups: Array<() => void> = []
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup()
})

/** Both kinds of collection pass the same tests: in memory, and in a data directory's database. */
const kinds: Array<[string, (onChange: (mutation: Mutation) => void) => Items]> = [
  ['in memory', (onChange) => new MemoryCollection<Item, 'code', 'group'>('items', spec, onChange)],
  [
    "in a data directory's database",
    (onChange) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'skctl-collection-'))
      const database = StoreDatabase.open(dataDir)
      cleanups.push(() => {
        database.close()
        rmSync(dataDir, {recursive: true, force: true})
      })
      return database.collection('items', spec, onChange, (write) => database.transaction(write, () => 1n))
    },
  ],
]

describe.each(kinds)('Collection %s', (_kind, make) => {
  const items = (onChange: (mutation: Mutation) => void = () => {}) => make(onChange)

  it('looks records up by id, unique index and group, and keeps them in insertion order', () => {
    const collection = items()
    collection.put({id: 'a', code: 'A', group: 'g1'})
    collection.put({id: 'b', group: 'g1'})
    collection.put({id: 'c', code: 'C', group: 'g2'})
    expect(collection.get('b')?.group).toBe('g1')
    expect(collection.getBy('code', 'C')?.id).toBe('c')
    expect(collection.listBy('group', 'g1').map((item) => item.id)).toEqual(['a', 'b'])
    expect([...collection.values()].map((item) => item.id)).toEqual(['a', 'b', 'c'])
  })

  it('re-indexes a replaced record in place and refuses a taken unique key', () => {
    const collection = items()
    collection.put({id: 'a', code: 'A', group: 'g1'})
    collection.put({id: 'b', code: 'B', group: 'g1'})
    collection.put({id: 'a', code: 'A2', group: 'g2'})
    expect(collection.getBy('code', 'A')).toBeUndefined()
    expect(collection.getBy('code', 'A2')?.id).toBe('a')
    expect(collection.listBy('group', 'g1').map((item) => item.id)).toEqual(['b'])
    expect([...collection.values()].map((item) => item.id)).toEqual(['a', 'b'])
    expect(() => collection.put({id: 'c', code: 'B', group: 'g1'})).toThrow(/code B already belongs to b/)
  })

  it('reports each mutation, and deletes keep cursors valid through compaction', () => {
    const mutations: Mutation[] = []
    const collection = items((mutation) => mutations.push(mutation))
    for (let i = 0; i < 300; i++) collection.put({id: `i${i}`, group: 'g'})
    const cursor = [...collection.forwardFrom(0)][250]![0]
    for (let i = 0; i < 250; i++) collection.delete(`i${i}`)
    expect(collection.size).toBe(50)
    expect(collection.delete('i0')).toBeUndefined()
    expect([...collection.forwardFrom(cursor)][0]![1].id).toBe('i250')
    expect(mutations).toHaveLength(550)
    expect(mutations.at(-1)).toEqual({op: 'delete', collection: 'items', id: 'i249'})
  })

  it('groups keep members in insertion order through updates, and re-file a record that changes group', () => {
    const collection = items()
    for (const id of ['a', 'b', 'c']) collection.put({id, group: 'g1'})
    collection.put({id: 'a', code: 'A', group: 'g1'})
    expect(collection.listBy('group', 'g1').map((item) => item.id)).toEqual(['a', 'b', 'c'])
    collection.put({id: 'd', group: 'g2'})
    collection.put({id: 'b', group: 'g2'})
    expect(collection.listBy('group', 'g2').map((item) => item.id)).toEqual(['b', 'd'])
    expect(collection.countBy('group', 'g1')).toBe(2)
    collection.put({id: 'b', group: 'g1'})
    expect(collection.listBy('group', 'g1').map((item) => item.id)).toEqual(['a', 'b', 'c'])
    expect(collection.countBy('group', 'g2')).toBe(1)
  })

  it('groups keep a group of one in order as members join, leave and move in before it', () => {
    const collection = items()
    collection.put({id: 'a', group: 'g1'})
    collection.put({id: 'b', group: 'g2'})
    collection.put({id: 'a', group: 'g2'})
    expect(collection.listBy('group', 'g2').map((item) => item.id)).toEqual(['a', 'b'])
    expect(collection.countBy('group', 'g1')).toBe(0)
    collection.delete('b')
    collection.put({id: 'c', group: 'g3'})
    collection.delete('c')
    collection.put({id: 'd', group: 'g3'})
    const g3 = collection.group('group', 'g3')
    const cursor = [...g3.forwardFrom(0)][0]![0]
    expect([...g3.forwardFrom(cursor + 1)]).toEqual([])
    expect([...g3.backwardFrom(cursor + 1)].map(([, item]) => item.id)).toEqual(['d'])
    expect([...g3.backwardFrom(cursor)]).toEqual([])
    expect(collection.listBy('group', 'g2').map((item) => item.id)).toEqual(['a'])
  })

  it('groups page like the collection, and stay correct through heavy deletes', () => {
    const collection = items()
    for (let i = 0; i < 400; i++) collection.put({id: `i${i}`, group: i % 2 === 0 ? 'even' : 'odd'})
    const first = paginate(collection.group('group', 'even'), {pageSize: 3, pageToken: ''})
    expect(first.items.map((item) => item.id)).toEqual(['i0', 'i2', 'i4'])
    expect(first.totalSize).toBe(200)
    for (let i = 0; i < 300; i += 2) collection.delete(`i${i}`)
    const second = paginate(collection.group('group', 'even'), {pageSize: 3, pageToken: first.nextPageToken})
    expect(second.items.map((item) => item.id)).toEqual(['i300', 'i302', 'i304'])
    expect(second.totalSize).toBe(50)
    expect(second.prevPageToken).toBe('')
    const last = [...collection.group('group', 'even').backwardFrom(Number.MAX_SAFE_INTEGER)][0]
    expect(last?.[1].id).toBe('i398')
  })

  it('keeps unique and group keys longer than a database key may be', () => {
    const collection = items()
    const long = 'é'.repeat(3_000)
    collection.put({id: 'a', code: long, group: long})
    collection.put({id: 'b', code: `${long}!`, group: long})
    expect(collection.getBy('code', long)?.id).toBe('a')
    expect(collection.listBy('group', long).map((item) => item.id)).toEqual(['a', 'b'])
    expect(() => collection.put({id: 'c', code: long, group: 'g'})).toThrow(/already belongs to a/)
  })

  it('paginate keeps its place when records before the cursor are deleted', () => {
    const collection = items()
    for (let i = 0; i < 6; i++) collection.put({id: `i${i}`, group: 'g'})
    const first = paginate(collection, {pageSize: 2, pageToken: ''})
    collection.delete('i0')
    collection.delete('i1')
    const second = paginate(collection, {pageSize: 2, pageToken: first.nextPageToken})
    expect(second.items.map((item) => item.id)).toEqual(['i2', 'i3'])
    expect(second.totalSize).toBe(4)
    expect(second.prevPageToken).toBe('')
  })
})

describe.each([
  ['in memory', false],
  ['with a data directory', true],
])('Store %s', (_kind, persisted) => {
  it('keeps nothing of a batch that throws: puts, replacements and deletes undone, unique keys free again', async () => {
    const dataDir = persisted ? mkdtempSync(join(tmpdir(), 'skctl-store-')) : undefined
    try {
      const first = await openStore({dataDir})
      const [organization] = [...first.organizations.values()]
      const renamed = {...organization!, displayName: 'Renamed'}
      first.organizations.put(renamed)
      const other = {...renamed, id: first.newId('org'), externalId: 'other', slug: undefined}
      first.organizations.put(other)
      expect(() =>
        first.batch(() => {
          first.organizations.put({...renamed, id: first.newId('org'), externalId: 'half', slug: undefined})
          first.organizations.put({...renamed, displayName: 'Changed twice'})
          first.organizations.put({...renamed, displayName: 'Changed three times'})
          first.organizations.delete(other.id)
          throw new Error('cut off')
        }),
      ).toThrow('cut off')
      const kept = (store: typeof first) => [...store.organizations.values()].map((org) => org.displayName).sort()
      expect(kept(first)).toEqual(['Renamed', 'Renamed'])
      expect(first.organizations.get(renamed.id)).toEqual(renamed)
      expect(first.organizations.getBy('externalId', 'half')).toBeUndefined()
      expect(first.organizations.getBy('externalId', 'other')?.id).toBe(other.id)
      expect(first.organizations.size).toBe(2)
      // The key the failed batch took is free again.
      first.organizations.put({...renamed, id: first.newId('org'), externalId: 'half', slug: undefined})
      expect(first.organizations.size).toBe(3)
      first.close()
      if (!dataDir) return

      const second = await openStore({dataDir})
      expect(kept(second)).toEqual(['Renamed', 'Renamed', 'Renamed'])
      second.close()
    } finally {
      if (dataDir) rmSync(dataDir, {recursive: true, force: true})
    }
  })
})

describe('Store with a damaged data directory', () => {
  it('refuses a database file cut short or not LMDB with an error, instead of crashing, and leaves it as it is', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skctl-store-'))
    const file = join(dataDir, 'store.mdb')
    try {
      const store = await openStore({dataDir})
      const [organization] = [...store.organizations.values()]
      for (let i = 0; i < 2_000; i++) {
        store.organizations.put({...organization!, id: store.newId('org'), externalId: `e${i}`, slug: undefined})
      }
      store.close()
      truncateSync(file, 40_000)
      await expect(openStore({dataDir})).rejects.toThrow(
        /store\.mdb is damaged \(it is cut short: 40000 bytes of the \d+/,
      )
      expect(statSync(file).size).toBe(40_000)
      writeFileSync(file, 'not a database')
      await expect(openStore({dataDir})).rejects.toThrow(/store\.mdb is damaged \(it is not an LMDB database\); move/)
    } finally {
      rmSync(dataDir, {recursive: true, force: true})
    }
  })
})

describe('Store with a data directory of another format', () => {
  it('refuses a database a different version of skctl wrote, and can open it again once that is fixed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skctl-store-'))
    try {
      ;(await openStore({dataDir})).close()
      const root = open({path: join(dataDir, 'store.mdb'), noSubdir: true, noSync: true, maxDbs: 64})
      const meta = root.openDB<string, string>({name: 'meta'})
      meta.putSync('format', 'skctl-emulator-store/99')
      await expect(openStore({dataDir})).rejects.toThrow(
        /store\.mdb holds skctl-emulator-store\/99, not skctl-emulator-store\/1: written by another version of skctl/,
      )
      meta.putSync('format', 'skctl-emulator-store/1')
      await root.close()
      const reopened = await openStore({dataDir})
      expect(reopened.organizations.size).toBe(1)
      reopened.close()
    } finally {
      rmSync(dataDir, {recursive: true, force: true})
    }
  })
})

describe('Store', () => {
  it('seeds a development environment: one organization, two domains, an SSO connection', async () => {
    const store = await openStore()
    const [organization] = [...store.organizations.values()]
    expect(store.organizations.size).toBe(1)
    expect(organization?.displayName).toBe('Test Organization')
    expect(organization?.externalId).toBeUndefined()
    expect(store.domains.listBy('organizationId', organization!.id).map((domain) => domain.domain)).toEqual([
      'example.com',
      'example.org',
    ])
    const [connection] = store.connections.listBy('organizationId', organization!.id)
    expect(connection).toMatchObject({type: 1, provider: 14, status: 3, enabled: true}) // OIDC, IDP_SIMULATOR, COMPLETED
    expect(connection?.id).toMatch(/^conn_\d{17}$/)
    store.close()
  })

  it('seeds the environment with the default roles admin and member', async () => {
    const store = await openStore()
    expect(store.environment).toMatchObject({defaultCreatorRole: 'admin', defaultMemberRole: 'member'})
    expect(store.environment.id).toMatch(/^env_\d{17}$/)
    expect([...store.roles.values()].map((role) => [role.name, role.displayName])).toEqual([
      ['admin', 'Admin'],
      ['member', 'Member'],
    ])
    // The test organization keeps the first id the emulator hands out.
    expect([...store.organizations.values()][0]?.id).toBe('org_10000000000000001')
    store.close()
  })

  it('resets to a fresh seed with the same seeded ids, and hands out new ids above every earlier one', async () => {
    const store = await openStore()
    const seededIds = () =>
      [store.organizations, store.domains, store.connections, store.environments, store.roles].map((c) =>
        [...c.values()].map((record) => record.id),
      )
    const seeded = seededIds()
    const extraId = store.newId('org')
    store.organizations.put({...[...store.organizations.values()][0]!, id: extraId, displayName: 'Extra'})
    store.roles.put({
      id: store.newId('role'),
      name: 'extra',
      displayName: 'E',
      description: '',
      permissions: [],
      createTime: 0,
      updateTime: 0,
    })
    store.reset()
    const organizations = [...store.organizations.values()]
    expect(organizations.map((org) => org.displayName)).toEqual(['Test Organization'])
    expect(seededIds()).toEqual(seeded)
    expect(BigInt(store.newId('org').slice(4)) > BigInt(extraId.slice(4))).toBe(true)
    expect(store.domains.size).toBe(2)
    expect(store.roles.size).toBe(2)
    expect(store.users.size).toBe(0)
    store.close()
  })
})
