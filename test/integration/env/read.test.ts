import {beforeAll, describe, expect, it} from 'vitest'

import {Api} from '../../../src/api/client.js'
import {createConnection} from '../../../src/api/connections.js'
import {createOrganization} from '../../../src/api/organizations.js'
import {createRole} from '../../../src/api/roles.js'
import {mapConcurrent} from '../../../src/concurrency.js'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {planAgainst} from '../../../src/env/compute.js'
import type {EnvSpec, OrganizationSpec} from '../../../src/env/model.js'
import {useEmulator} from '../../helpers/emulator.js'

// What a plan reads: roles with their permissions in one list, only the parts the file lists, and the connections
// of many organizations in one walk over the environment's instead of one list per organization.
const emulator = useEmulator()
const COUNT = 70 // above the walk's threshold
let api: Api

const orgSpec = (i: number, clientId = `client-${i}`): OrganizationSpec => ({
  connections: [{oidc: {clientId}, provider: 'okta', type: 'OIDC'}],
  name: `Read ${i}`,
  roles: {support: {displayName: 'Support', permissions: []}},
})
const fileOf = (specs: Array<[string, OrganizationSpec]>): EnvSpec => ({
  organizations: Object.fromEntries(specs),
  version: 1,
})
const calls = async () => (await emulator.stats()).rpc
const method = (counts: Record<string, number>, name: string) =>
  Object.entries(counts)
    .filter(([key]) => key.endsWith(`/${name}`))
    .reduce((sum, [, n]) => sum + n, 0)

beforeAll(async () => {
  api = new Api({clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET, environmentUrl: emulator.url})
  await mapConcurrent(
    Array.from({length: COUNT}, (_, i) => i),
    8,
    async (i) => {
      const org = await createOrganization(api, {externalId: `read-${i}`, name: `Read ${i}`})
      await createRole(api, {displayName: 'Support', name: 'support'}, org.id)
      await createConnection(api, org.id, {
        changes: {oidc: {clientId: `client-${i}`}},
        enable: false,
        provider: 'okta',
        type: 'OIDC',
      })
    },
  )
})

describe('env plan reads', () => {
  it('finds nothing to change, with one walk over the connections and no call per role or for parts not listed', async () => {
    const before = await calls()
    const specs = Array.from({length: COUNT}, (_, i) => [`read-${i}`, orgSpec(i)] as [string, OrganizationSpec])
    const {plan} = await planAgainst(api, fileOf(specs), {prune: false})
    expect(plan.changes).toEqual([])
    const after = await calls()
    const made = (name: string) => method(after, name) - method(before, name)
    expect(made('ListOrganizationConnections')).toBeGreaterThanOrEqual(1)
    expect(made('ListConnections')).toBe(0)
    expect(made('GetConnection')).toBe(COUNT)
    expect(made('ListOrganizationRoles')).toBe(COUNT)
    expect(made('GetOrganizationRole')).toBe(0)
    expect(made('ListDirectories')).toBe(0)
    expect(made('ListDomains')).toBe(0)
  })

  it('compares each organization with its own connections from the walk', async () => {
    const specs = Array.from(
      {length: COUNT},
      (_, i) => [`read-${i}`, orgSpec(i, i === 7 ? 'changed' : `client-${i}`)] as [string, OrganizationSpec],
    )
    const {plan} = await planAgainst(api, fileOf(specs), {prune: false})
    expect(plan.changes).toEqual([
      expect.objectContaining({
        action: 'update',
        fields: [{field: 'oidc.clientId', from: 'client-7', to: 'changed'}],
        organization: 'read-7',
        resource: 'connection',
      }),
    ])
  })

  it('lists each organization on its own when the file names only a few', async () => {
    const before = await calls()
    const {plan} = await planAgainst(api, fileOf([['read-3', orgSpec(3)]]), {prune: false})
    expect(plan.changes).toEqual([])
    const after = await calls()
    const made = (name: string) => method(after, name) - method(before, name)
    expect(made('ListOrganizationConnections')).toBe(0)
    expect(made('ListConnections')).toBe(1)
    expect(made('ListOrganizationRoles')).toBe(1)
  })
})
