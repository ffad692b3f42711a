import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {type ErrorJson, withoutCalls} from '../../helpers/resources.js'

const emulator = useEmulator()

interface Permission {
  createTime: string
  description: string
  id: string
  isScalekitPermission: boolean
  name: string
}
interface PermissionList {
  permissions: Permission[]
  totalSize?: number
  truncated: boolean
}

const env = () => emulator.env()

async function createPermission(name: string, description = `Allows ${name}`): Promise<Permission> {
  const {code, json, stderr} = await runJson<Permission>(
    ['permissions', 'create', name, '--description', description],
    {
      env: env(),
    },
  )
  expect(stderr).toBe('')
  expect(code).toBe(0)
  return json
}

const listAll = async () =>
  (await runJson<PermissionList>(['permissions', 'list', '--all'], {env: env()})).json.permissions

describe('skctl permissions', () => {
  it('creates a permission and lists it as JSON and as a table', async () => {
    const created = await createPermission('orders:read', 'Read orders')
    expect(created).toMatchObject({description: 'Read orders', isScalekitPermission: false, name: 'orders:read'})
    expect(created.id).not.toBe('')
    expect(Date.parse(created.createTime)).not.toBeNaN()
    expect((await listAll()).find((p) => p.name === 'orders:read')).toEqual(created)

    const table = await run(['permissions', 'list'], {env: env()})
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/^NAME\s+DESCRIPTION\s+DEFINED BY\s+CREATED$/m)
    expect(table.stdout).toMatch(/^orders:read\s+Read orders\s+yours\s+\d{4}-\d\d-\d\d$/m)
  })

  it('prints what it created as a record, with the confirmation on stderr', async () => {
    const {code, stdout, stderr} = await run(['permissions', 'create', 'orders:refund'], {env: env()})
    expect(code).toBe(0)
    expect(stderr).toBe('Created permission orders:refund.\n')
    expect(stdout).toMatch(/^name\s+orders:refund$/m)
  })

  it('pages through more permissions than one API page, and says so when --limit cuts the list', async () => {
    const before = (await listAll()).length
    for (let i = 0; i < 12; i++) await createPermission(`bulk_${i}:use`)
    const all = await listAll()
    expect(all).toHaveLength(before + 12)
    expect(new Set(all.map((p) => p.name)).size).toBe(all.length)

    const limited = await runJson<PermissionList>(['permissions', 'list', '--limit', '5'], {env: env()})
    expect(limited.json.permissions).toHaveLength(5)
    expect(limited.json).toMatchObject({totalSize: all.length, truncated: true})
    const text = await run(['permissions', 'list', '--limit', '5'], {env: env()})
    expect(text.stderr).toMatch(new RegExp(`Showing 5 of ${all.length} permissions\\. Pass --all`))
  })

  it('refuses to delete without confirmation when there is no terminal, then deletes with --yes', async () => {
    await createPermission('doomed:thing')
    const refused = await runJson<ErrorJson>(['permissions', 'delete', 'doomed:thing'], {env: env()})
    expect(refused.code).toBe(2)
    expect(refused.json.error).toMatchObject({code: 'usage', hint: 'pass --yes to confirm'})
    expect((await listAll()).map((p) => p.name)).toContain('doomed:thing')

    const deleted = await runJson(['permissions', 'delete', 'doomed:thing', '--yes'], {env: env()})
    expect(deleted).toMatchObject({code: 0, json: {deleted: true, name: 'doomed:thing'}})
    expect((await listAll()).map((p) => p.name)).not.toContain('doomed:thing')
  })
})

describe('skctl permissions — errors', () => {
  it.each(['has space', 'slash/no', 'dash-no', 'x'.repeat(65)])('the name %s exits 2 before any call', async (name) => {
    for (const args of [
      ['permissions', 'create', name],
      ['permissions', 'delete', name, '--yes'],
    ]) {
      const {code, json} = await withoutCalls(emulator, () => runJson<ErrorJson>(args, {env: env()}))
      expect(code).toBe(2)
      expect(json.error).toMatchObject({code: 'invalid_input', message: `"${name}" is not a valid permission name`})
    }
  })

  it('a duplicate permission exits 1 with "already exists" (Scalekit answers INVALID_ARGUMENT; the name is looked up)', async () => {
    await createPermission('dup:perm')
    const {code, json} = await runJson<ErrorJson>(['permissions', 'create', 'dup:perm'], {env: env()})
    expect(code).toBe(1)
    expect(json.error).toMatchObject({code: 'already_exists', message: 'permission dup:perm already exists'})
    expect(json.error.hint).toMatch(/skctl permissions list/)
  })

  it('deleting an unknown permission exits 4 and names it', async () => {
    const {code, json} = await runJson<ErrorJson>(['permissions', 'delete', 'no:such:perm', '--yes'], {env: env()})
    expect(code).toBe(4)
    expect(json.error.code).toBe('not_found')
    expect(json.error.message).toContain('no:such:perm')
  })
})
