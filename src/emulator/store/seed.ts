import {RegionCode} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import {
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {DomainType, VerificationStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'
import type {Store} from './store.js'

export const SEED_ORGANIZATION_NAME = 'Test Organization'
export const SEED_DOMAINS = ['example.com', 'example.org'] as const

/**
 * What a new Scalekit development environment contains: a test organization with two domains and an active
 * SSO connection to the IdP simulator, so SSO flows work before anything is configured.
 */
export function seedDevelopmentEnvironment(store: Store, now = Date.now()): void {
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
