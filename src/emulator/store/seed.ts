import type {RegionCode} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import type {
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import type {
  DomainType,
  VerificationMethod,
  VerificationStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import {roleKey} from './keys.js'
import type {Store} from './store.js'

/**
 * The ids of everything seeded, fixed forever: the same at first start, after a reset and after a restart, so
 * tests and scripts may hard-code them. They are the first numbers of the id counter (the ids a first start has
 * always handed out), and the store's counter starts above them, so nothing created later can take one.
 */
export const SEED_IDS = {
  organization: seedId('org', 1),
  domains: [seedId('dom', 2), seedId('dom', 3)],
  connection: seedId('conn', 4),
  environment: seedId('env', 5),
  roles: [seedId('role', 6), seedId('role', 7)],
} as const
/** How many numbers of the id counter the seed takes. */
export const SEED_ID_COUNT = 7n

function seedId(prefix: string, number: number): string {
  return `${prefix}_${10n ** 16n + BigInt(number)}`
}

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
 * Every seeded record has its id from SEED_IDS.
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
    store.environments.put({id: SEED_IDS.environment, defaultCreatorRole: 'admin', defaultMemberRole: 'member'})
  }
  for (const [index, role] of DEFAULT_ROLES.entries()) {
    if (store.roles.getBy('scopedName', roleKey(role.name))) continue
    store.roles.put({id: SEED_IDS.roles[index]!, ...role, permissions: [], createTime: now, updateTime: now})
  }
}

/**
 * The seed's enum values as literals the compiler checks against the SDK's enums (a wrong number does not compile):
 * importing the enums themselves would load their protobuf descriptors, which the emulator's start avoids.
 */
const SEED_ENUMS = {
  regionUs: 1 satisfies RegionCode.US,
  organizationDomain: 2 satisfies DomainType.ORGANIZATION_DOMAIN,
  verified: 2 satisfies VerificationStatus.VERIFIED,
  adminVerified: 1 satisfies VerificationMethod.ADMIN,
  oidc: 1 satisfies ConnectionType.OIDC,
  idpSimulator: 14 satisfies ConnectionProvider.IDP_SIMULATOR,
  completed: 3 satisfies ConnectionStatus.COMPLETED,
} as const

function seedTestOrganization(store: Store, now: number): void {
  const organizationId = SEED_IDS.organization
  store.organizations.put({
    id: organizationId,
    displayName: SEED_ORGANIZATION_NAME,
    metadata: {},
    regionCode: SEED_ENUMS.regionUs,
    features: [],
    createTime: now,
    updateTime: now,
  })
  for (const [index, domain] of SEED_DOMAINS.entries()) {
    store.domains.put({
      id: SEED_IDS.domains[index]!,
      organizationId,
      domain,
      domainType: SEED_ENUMS.organizationDomain,
      verificationStatus: SEED_ENUMS.verified,
      verificationMethod: SEED_ENUMS.adminVerified,
      createTime: now,
      updateTime: now,
    })
  }
  store.connections.put({
    id: SEED_IDS.connection,
    organizationId,
    type: SEED_ENUMS.oidc,
    provider: SEED_ENUMS.idpSimulator,
    status: SEED_ENUMS.completed,
    enabled: true,
    createTime: now,
    updateTime: now,
  })
}
