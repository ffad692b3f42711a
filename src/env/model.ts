// The environment file's shape (schema/env.schema.json) — and, with the same types, what an environment holds now:
// export writes it, plan and diff compare two of them. Keys are the natural ones that survive between environments
// (names, external ids, emails); Scalekit ids appear only as optional pins.

export interface PermissionSpec {
  description?: string
}

export interface RoleSpec {
  description?: string
  displayName: string
  extends?: string
  permissions?: string[]
}

export type ConnectionType = 'OIDC' | 'SAML'

export interface SamlSpec {
  idpCertificate?: string
  idpEntityId?: string
  idpMetadataUrl?: string
  idpSsoRequestBinding?: 'HTTP_POST' | 'HTTP_REDIRECT'
  idpSsoUrl?: string
}

export interface OidcSpec {
  clientId?: string
  /** In a file, a `${VAR}` reference; once loaded, the value read from the environment. */
  clientSecret?: string
  issuer?: string
}

export interface ConnectionSpec {
  attributeMapping?: Record<string, string>
  enabled?: boolean
  id?: string
  oidc?: OidcSpec
  provider: string
  saml?: SamlSpec
  type: ConnectionType
  uiButtonTitle?: string
}

export interface DirectorySpec {
  enabled?: boolean
  /** Directory group display name → role name. */
  groupRoles?: Record<string, string>
  id?: string
  provider: string
}

export interface OrganizationSpec {
  allowedEmailDomains?: string[]
  connections?: ConnectionSpec[]
  directories?: DirectorySpec[]
  domains?: string[]
  features?: Record<string, boolean>
  id?: string
  metadata?: Record<string, string>
  name: string
  roles?: Record<string, RoleSpec>
}

export interface UserSpec {
  externalId?: string
  firstName?: string
  id?: string
  lastName?: string
  /** Organization external id → the user's roles there. */
  memberships: Record<string, string[]>
  metadata?: Record<string, string>
}

export interface EnvSpec {
  organizations?: Record<string, OrganizationSpec>
  permissions?: Record<string, PermissionSpec>
  roles?: Record<string, RoleSpec>
  users?: Record<string, UserSpec>
  version: 1
}
