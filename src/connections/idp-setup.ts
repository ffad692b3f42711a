import type {ConnectionJson} from '../api/connections.js'
import type {MetadataFinding} from '../checks/saml-metadata.js'

/** What the customer's IT admin enters in their IdP for this connection. */
export interface IdpSetup {
  /** SAML: the assertion consumer service URL (the IdP's "single sign-on URL" / "reply URL"). */
  acsUrl?: string
  /** The attributes the IdP sends, keyed by the user field they fill. */
  attributeMapping: Record<string, string>
  /** `connection` when the connection has its own mapping, `default` for the attributes Scalekit reads unmapped. */
  attributeMappingSource: 'connection' | 'default'
  /** OIDC: the redirect (callback) URI to register with the IdP. */
  redirectUri?: string
  /** SAML: the service provider's entity id (the IdP's "audience" / "identifier"). */
  spEntityId?: string
  /** SAML: our metadata, for IdPs that import it. */
  spMetadataUrl?: string
}

/** The user fields an IdP's assertion or ID token should carry when the connection maps nothing itself. */
const DEFAULT_ATTRIBUTES = {email: 'email', family_name: 'family_name', given_name: 'given_name'}

/**
 * The values come from the connection as the API returns it; where an environment leaves one out, it is derived
 * from the environment URL the way Scalekit forms them (`/sso/v1/saml/<connection id>`, …).
 */
export function idpSetup(connection: ConnectionJson, environmentUrl: string): IdpSetup {
  const text = (settings: Record<string, unknown> | undefined, key: string) => {
    const value = settings?.[key]
    return typeof value === 'string' && value ? value : undefined
  }
  const mapped = Object.keys(connection.attributeMapping).length > 0
  const base = {
    attributeMapping: mapped ? connection.attributeMapping : DEFAULT_ATTRIBUTES,
    attributeMappingSource: mapped ? ('connection' as const) : ('default' as const),
  }
  if (connection.provider === 'IDP_SIMULATOR') return base
  if (connection.type === 'SAML') {
    const saml = `${environmentUrl}/sso/v1/saml/${connection.id}`
    return {
      ...base,
      acsUrl: text(connection.samlConfig, 'spAssertionUrl') ?? `${saml}/callback`,
      spEntityId: text(connection.samlConfig, 'spEntityId') ?? saml,
      spMetadataUrl: text(connection.samlConfig, 'spMetadataUrl') ?? `${saml}/metadata`,
    }
  }
  if (connection.type === 'OIDC') {
    const redirectUri = text(connection.oidcConfig, 'redirectUri')
    return {...base, redirectUri: redirectUri ?? `${environmentUrl}/sso/v1/oidc/${connection.id}/callback`}
  }
  return base
}

/** A connection as `connections get/create/update` show it: its settings (secrets masked) and the IdP's values. */
export type ConnectionDetails = ConnectionJson & {
  idpSetup: IdpSetup
  /** SAML check warnings raised by this create or update (none for `get`). */
  warnings: MetadataFinding[]
}

export function connectionDetails(
  connection: ConnectionJson,
  environmentUrl: string,
  warnings: MetadataFinding[] = [],
): ConnectionDetails {
  return {...connection, idpSetup: idpSetup(connection, environmentUrl), warnings}
}
