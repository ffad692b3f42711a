import type {RegionCode} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import type {
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import type {DomainType, VerificationStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'

// Stored records are plain JSON (times in epoch milliseconds, enums as their proto numbers) so the journal can
// persist them as they are; services convert them to protobuf messages at the edge.
// Records are treated as immutable: an update puts a new object, which lets collections re-index it.

export interface FeatureRecord {
  name: string
  enabled: boolean
}

export interface OrganizationRecord {
  id: string
  displayName: string
  externalId?: string
  slug?: string
  logoUrl?: string
  metadata: Record<string, string>
  regionCode: RegionCode
  features: FeatureRecord[]
  maxAllowedUsers?: number
  createTime: number
  updateTime: number
}

export interface DomainRecord {
  id: string
  organizationId: string
  domain: string
  domainType: DomainType
  verificationStatus: VerificationStatus
  createTime: number
  updateTime: number
}

export interface ConnectionRecord {
  id: string
  organizationId: string
  type: ConnectionType
  provider: ConnectionProvider
  status: ConnectionStatus
  enabled: boolean
  createTime: number
  updateTime: number
}

export interface PortalLinkRecord {
  id: string
  organizationId: string
  /** Last path segment of the link location: `<uuid>_p`. */
  token: string
  expireTime: number
  /** Set on first use; an activated link keeps working. */
  activateTime?: number
  createTime: number
}
