import type {JsonObject} from '@bufbuild/protobuf'
import type {MembershipStatus, RegionCode} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js'
import type {
  ConfigurationType,
  ConnectionProvider,
  ConnectionStatus,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import type {
  DirectoryProvider,
  DirectoryStatus,
  DirectoryType,
  SecretStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import type {
  DomainType,
  VerificationMethod,
  VerificationStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'

// Stored records are plain JSON values (times in epoch milliseconds, enums as their proto numbers) so the store can
// persist them as they are; services convert them to protobuf messages at the edge.
// Records are treated as immutable: an update puts a new object, which lets collections re-index it.

/** The one environment the emulator serves: its id and the settings that are not per organization. */
export interface EnvironmentRecord {
  id: string
  /** Role given to whoever creates an organization (full-stack auth sign-up). */
  defaultCreatorRole: string
  /** Role a new membership gets when the request names none and its organization has no default of its own. */
  defaultMemberRole: string
}

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
  /** Overrides the environment's default member role for this organization. */
  defaultMemberRole?: string
  /** A custom session policy; absent means the organization follows the application policy. */
  sessionPolicy?: SessionPolicyRecord
  createTime: number
  updateTime: number
}

/** Session timeouts, always in minutes (requests may use other units; responses are in minutes). */
export interface SessionPolicyRecord {
  absoluteTimeoutMinutes: number
  idleTimeoutEnabled: boolean
  idleTimeoutMinutes: number
}

export interface DomainRecord {
  id: string
  organizationId: string
  domain: string
  domainType: DomainType
  verificationStatus: VerificationStatus
  /** Absent in data written before domains could be created through the API. */
  verificationMethod?: VerificationMethod
  createTime: number
  updateTime: number
}

/** One Test connection run (GetConnectionTestResult): pending until the IdP answers, then its outcome. */
export interface ConnectionTestRecord {
  id: string
  /** TestResultStatus: PENDING 0, SUCCESS 1, FAILURE 2. */
  status: number
  /** What the application would receive, as JSON text. */
  userInfo?: string
  error?: string
  errorDescription?: string
  createTime: number
}

export interface ConnectionRecord {
  id: string
  /** '' for an environment connection (social login, passwordless, app connectors), which no organization owns. */
  organizationId: string
  type: ConnectionType
  provider: ConnectionProvider
  status: ConnectionStatus
  enabled: boolean
  providerKey?: string
  keyId?: string
  uiButtonTitle?: string
  debugEnabled?: boolean
  configurationType?: ConfigurationType
  attributeMapping?: Record<string, string>
  /** The connection's settings as protobuf JSON of OIDCConnectionConfig, kept as given. */
  oidcConfig?: JsonObject
  /** The connection's settings as protobuf JSON of SAMLConnectionConfigRequest, kept as given. */
  samlConfig?: JsonObject
  /** Settings of other kinds (environment connections: oauthConfig, passwordlessConfig, …) as protobuf JSON. */
  otherSettings?: {case: string; value: JsonObject}
  /** Domains assigned with AssignDomainsToConnection; absent means every organization domain routes to it. */
  domainIds?: string[]
  /** CreateEnvironmentConnection's flags: a login method, an app connector (ListAppConnections), or both. */
  flags?: {isLogin: boolean; isApp: boolean}
  /** Free-form context the admin portal keeps (Get/UpdateConnectionContext). */
  context?: JsonObject
  /** The latest Test connection runs, newest last. */
  tests?: ConnectionTestRecord[]
  createTime: number
  updateTime: number
}

export interface UserProfileRecord {
  id: string
  givenName?: string
  familyName?: string
  /** Only when set explicitly; otherwise the name shown is given + family name. */
  name?: string
  locale?: string
  phoneNumber?: string
  preferredUsername?: string
  picture?: string
  gender?: string
  emailVerified: boolean
  metadata: Record<string, string>
  customAttributes: Record<string, string>
  groups: string[]
}

export interface UserRecord {
  id: string
  /** As given; uniqueness is case-insensitive (the store indexes the lower-cased address). */
  email: string
  externalId?: string
  metadata: Record<string, string>
  profile: UserProfileRecord
  createTime: number
  updateTime: number
}

/** A user's place in one organization. The id is `<organization id>/<user id>`: one membership per pair. */
export interface MembershipRecord {
  id: string
  organizationId: string
  userId: string
  /** ACTIVE, INACTIVE or PENDING_INVITE; INVITE_EXPIRED is derived from `inviteExpireTime` when read. */
  status: MembershipStatus
  /** Role names: environment roles or roles of this organization. */
  roles: string[]
  metadata: Record<string, string>
  inviterEmail?: string
  inviteExpireTime?: number
  inviteResendTime?: number
  inviteResendCount?: number
  acceptTime?: number
  createTime: number
  updateTime: number
}

/** An environment role, or an organization's own role when `organizationId` is set. */
export interface RoleRecord {
  id: string
  name: string
  displayName: string
  description: string
  /** Name of the role whose permissions this one inherits. */
  extends?: string
  /** Permission names granted directly. */
  permissions: string[]
  organizationId?: string
  createTime: number
  updateTime: number
}

export interface PermissionRecord {
  id: string
  name: string
  description: string
  createTime: number
  updateTime: number
}

export interface PortalLinkRecord {
  id: string
  organizationId: string
  /** Last path segment of the link location: `<uuid>_p`. */
  token: string
  expireTime: number
  /** Set on first use, when the link is exchanged for a portal session; a used link is refused afterwards. */
  activateTime?: number
  createTime: number
}

/** An organization's SCIM directory: the endpoint its identity provider provisions users and groups into. */
export interface DirectoryRecord {
  id: string
  organizationId: string
  type: DirectoryType
  provider: DirectoryProvider
  /** A disabled directory refuses provisioning. */
  enabled: boolean
  /** DRAFT until it has a bearer secret, IN_PROGRESS until the provider first calls, then COMPLETED. */
  status: DirectoryStatus
  secrets: DirectorySecretRecord[]
  /** When the identity provider last changed a user or group. */
  lastSyncTime?: number
  /** A name given with UpdateDirectory. */
  name?: string
  /** Group-to-role mappings (AssignRoles): members of the group hold the role in the organization. */
  roleAssignments?: DirectoryRoleAssignment[]
  /** Attribute mappings (UpdateAttributes): directory attribute `key` maps to the application's `mapTo`. */
  attributeMappings?: {key: string; mapTo: string}[]
  /** External ids of the groups chosen with AssignGroupsForDirectory; unset means every group is tracked. */
  trackedGroupIds?: string[]
  createTime: number
  updateTime: number
}

/** Members of directory group `groupId` hold role `roleName` in the directory's organization. */
export interface DirectoryRoleAssignment {
  groupId: string
  roleName: string
}

/** A SCIM bearer secret. Only its SHA-256 is kept: the plain value is shown once, when it is made. */
export interface DirectorySecretRecord {
  id: string
  hash: string
  /** Last characters of the plain value, so people can tell secrets apart. */
  suffix: string
  status: SecretStatus
  createTime: number
  /** The last provisioning change made with it. */
  lastUsedTime?: number
}

/** A user provisioned into a directory over SCIM. */
export interface DirectoryUserRecord {
  id: string
  directoryId: string
  organizationId: string
  /** `userName`, unique per directory regardless of case (the index key is lower-cased). */
  userName: string
  /** The SCIM resource as the identity provider last wrote it, without `id`, `meta` and `groups` (ours). */
  resource: JsonObject
  createTime: number
  updateTime: number
}

/** A group provisioned into a directory over SCIM; it holds the membership. */
export interface DirectoryGroupRecord {
  id: string
  directoryId: string
  organizationId: string
  /** Unique per directory regardless of case (the index key is lower-cased). */
  displayName: string
  /** Directory user ids, in the order they were added. */
  memberIds: string[]
  /** The SCIM resource as the identity provider last wrote it, without `id`, `meta` and `members`. */
  resource: JsonObject
  createTime: number
  updateTime: number
}

/** A redirect URI registered with the environment (the defaults are built in and not stored). */
export interface RedirectRecord {
  id: string
  /** As registered; `/oauth/authorize` and `/oidc/logout` match against it. */
  uri: string
  createTime: number
}

/** An endpoint that receives the environment's events as signed webhooks. */
export interface WebhookEndpointRecord {
  id: string
  /** Any http(s) URL: apps under test listen wherever they like. */
  url: string
  description: string
  /** Event types delivered to this endpoint; empty means every type. */
  events: string[]
  /** `whsec_<base64 of 32 bytes>`. Kept (in the data directory too) because the emulator signs with it. */
  secret: string
  createTime: number
}

/** How a session ended; `expired` is never stored: it follows from the clock (see `sessionStatus`). */
export type SessionEnd = 'revoked' | 'logout'

/**
 * A login: what `sid` in the tokens names. Full-stack logins (`offline_access`) belong to a `usr_…` and hold the
 * current refresh token; Modular SSO logins keep the user id of a user with that email if the app has one.
 */
export interface SessionRecord {
  id: string
  /** '' when a Modular SSO login's email matches no user of the environment. */
  userId: string
  organizationId: string
  connectionId: string
  clientId: string
  /** Whether the login asked for `offline_access`: full-stack auth claims and a refresh token. */
  fullStack: boolean
  scope: string
  /** The identity the IdP asserted, for /userinfo. */
  email: string
  givenName?: string
  familyName?: string
  userAgent?: string
  ip?: string
  /** Set when the session ended by revocation or logout. */
  ended?: {how: SessionEnd; time: number; reason?: string}
  absoluteExpireTime: number
  /** The organization's idle timeout when it has one on; the session expires this long after its last use. */
  idleTimeoutMs?: number
  lastActiveTime: number
  /** SHA-256 (base64url) of the refresh token that works now; only a hash is kept. */
  refreshTokenHash?: string
  /** Hashes of the refresh tokens rotated out, newest last (bounded): presenting one again is reuse. */
  usedRefreshTokenHashes?: string[]
  createTime: number
  updateTime: number
}
