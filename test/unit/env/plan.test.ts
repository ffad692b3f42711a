import {describe, expect, it} from 'vitest'

import type {EnvSpec} from '../../../src/env/model.js'
import {makePlan} from '../../../src/env/plan.js'
import type {RemoteEnv, RemoteOrganization} from '../../../src/env/read.js'

function remoteWith(organizations: Record<string, Partial<RemoteOrganization>>): RemoteEnv {
  const orgs = new Map(
    Object.entries(organizations).map(([key, org], i) => [
      key,
      {connections: [], directories: [], domainIds: new Map(), id: `org_${i + 1}`, spec: {name: key}, ...org},
    ]),
  )
  return {
    builtinRoles: new Set(['admin', 'member']),
    externalIds: new Map([...orgs].map(([key, org]) => [org.id, key])),
    organizations: orgs,
    permissions: {'invoices:read': {}},
    roles: {admin: {displayName: 'Admin', permissions: []}, old_role: {displayName: 'Old', permissions: []}},
    unkeyed: 0,
  }
}

const acme: Partial<RemoteOrganization> = {
  connections: [
    {id: 'conn_1', spec: {enabled: true, provider: 'okta', type: 'OIDC'}},
    {id: 'conn_2', spec: {enabled: false, provider: 'okta', type: 'OIDC'}},
  ],
  directories: [
    {groups: new Map([['Engineering', 'dirgroup_1']]), id: 'dir_1', spec: {enabled: true, provider: 'okta'}},
  ],
  domainIds: new Map([['old.com', 'dom_1']]),
  spec: {
    domains: ['acme.com', 'old.com'],
    features: {dir_sync: true, sso: false},
    metadata: {plan: 'free', region: 'eu'},
    name: 'Acme',
  },
}

describe('makePlan', () => {
  it('compares only what the file says: metadata exactly, features by the keys given', () => {
    const spec: EnvSpec = {
      organizations: {acme: {features: {sso: true}, metadata: {plan: 'pro'}, name: 'Acme'}},
      version: 1,
    }
    const {changes} = makePlan(spec, remoteWith({acme}), {prune: false})
    expect(changes).toEqual([
      {
        action: 'update',
        fields: [
          {field: 'metadata.plan', from: 'free', to: 'pro'},
          {field: 'metadata.region', from: 'eu'},
          {field: 'features.sso', from: false, to: true},
        ],
        id: 'org_1',
        key: 'acme',
        resource: 'organization',
      },
    ])
  })

  it('plans deletes only with prune, after every create, in the reverse dependency order', () => {
    const spec: EnvSpec = {
      organizations: {acme: {domains: ['acme.com'], name: 'Acme'}, globex: {name: 'Globex'}},
      roles: {},
      version: 1,
    }
    const remote = remoteWith({acme, initech: {}})
    expect(makePlan(spec, remote, {prune: false}).summary).toEqual({create: 1, delete: 0, update: 0})
    const pruned = makePlan(spec, remote, {prune: true})
    expect(pruned.changes.map((c) => `${c.action} ${c.resource} ${c.key}`)).toEqual([
      'create organization globex',
      'delete domain old.com',
      'delete organization initech',
      // Scalekit's own roles are never deleted.
      'delete role old_role',
    ])
    expect(pruned.changes[1]).toMatchObject({id: 'dom_1', organization: 'acme'})
  })

  it('matches connections by a pinned id first, then by type and provider in order', () => {
    const spec: EnvSpec = {
      organizations: {
        acme: {
          connections: [
            {enabled: true, provider: 'okta', type: 'OIDC'},
            {enabled: true, id: 'conn_1', provider: 'okta', type: 'OIDC'},
            {provider: 'okta', type: 'SAML'},
          ],
          name: 'Acme',
        },
      },
      version: 1,
    }
    const {changes} = makePlan(spec, remoteWith({acme}), {prune: false})
    expect(changes).toEqual([
      {
        action: 'update',
        fields: [{field: 'enabled', from: false, to: true}],
        id: 'conn_2',
        key: 'OIDC okta #1',
        organization: 'acme',
        resource: 'connection',
      },
      {
        action: 'create',
        fields: [
          {field: 'provider', to: 'okta'},
          {field: 'type', to: 'SAML'},
        ],
        key: 'SAML okta #3',
        organization: 'acme',
        resource: 'connection',
      },
    ])
  })

  it('maps directory groups that exist and notes the ones not provisioned yet', () => {
    const spec: EnvSpec = {
      organizations: {
        acme: {directories: [{groupRoles: {Engineering: 'admin', Sales: 'member'}, provider: 'okta'}], name: 'Acme'},
      },
      version: 1,
    }
    const plan = makePlan(spec, remoteWith({acme}), {prune: false})
    expect(plan.changes).toEqual([
      expect.objectContaining({
        action: 'update',
        fields: [{field: 'groupRoles.Engineering', to: 'admin'}],
        resource: 'directory',
      }),
    ])
    expect(plan.notes).toEqual([
      'organization acme directory okta #1: group "Sales" is not provisioned yet; its role mapping is applied once the identity provider sends it',
    ])
  })

  it('refuses an organization id pinned to another external id', () => {
    const spec: EnvSpec = {organizations: {globex: {id: 'org_1', name: 'Globex'}}, version: 1}
    expect(() => makePlan(spec, remoteWith({acme}), {prune: false})).toThrow(
      'organizations[globex].id: org_1 is organization acme in this environment',
    )
  })
})
