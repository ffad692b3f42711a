import {RegionCode} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {
  DomainType,
  VerificationMethod,
  VerificationStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {roleKey} from './keys.js'
import type {Store} from './store.js'

export const SEED_ORGANIZATION_NAME = 'Test Organization'
export const SEED_DOMAINS = ['example.com', 'example.org'] as const
/** Scalekit's documented defaults: `admin` for whoever creates an organization, `member` for everyone who joins. */
export const DEFAULT_ROLES = [
  {name: 'admin', displayName: 'Admin', description: 'Manages the organization, its settings and its members'},
  {name: 'member', displayName: 'Member', description: 'Default role of users who join an organization'},
] as const

/**
 * What a new Scalekit development environment contains: a test organization with two domains and an active
 * SSO connection to the IdP simulator, so SSO flows work before anything is configured, plus the default roles.
 * The organization is seeded first so its id stays the first id the emulator hands out.
 */
export function seedDevelopmentEnvironment(store: Store, now = Date.now()): void {
  seedTestOrganization(store, now)
  seedEnvironment(store, now)
}

/**
 * The environment record and the default roles. Also run on data directories written before users and roles
 * existed, so it only adds what is missing.
 */
export function seedEnvironment(store: Store, now = Date.now()): void {
  if (store.environments.size === 0) {
    store.environments.put({id: store.newId('env'), defaultCreatorRole: 'admin', defaultMemberRole: 'member'})
  }
  for (const role of DEFAULT_ROLES) {
    if (store.roles.getBy('scopedName', roleKey(role.name))) continue
    store.roles.put({id: store.newId('role'), ...role, permissions: [], createTime: now, updateTime: now})
  }
}

function seedTestOrganization(store: Store, now: number): void {
  const organizationId = store.newId('org')
  store.organizations.put({
    id: organizationId,
    displayName: SEED_ORGANIZATION_NAME,
    metadata: {},
    regionCode: RegionCode.US,
    features: [],
    createTime: now,
    updateTime: now,
  })
  for (const domain of SEED_DOMAINS) {
    store.domains.put({
      id: store.newId('dom'),
      organizationId,
      domain,
      domainType: DomainType.ORGANIZATION_DOMAIN,
      verificationStatus: VerificationStatus.VERIFIED,
      verificationMethod: VerificationMethod.ADMIN,
      createTime: now,
      updateTime: now,
    })
  }
  store.connections.put({
    id: store.newId('conn'),
    organizationId,
    type: ConnectionType.OIDC,
    provider: ConnectionProvider.IDP_SIMULATOR,
    status: ConnectionStatus.COMPLETED,
    enabled: true,
    createTime: now,
    updateTime: now,
  })
}
