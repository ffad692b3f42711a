import type {ConnectionSummaryJson} from '../api/connections.js'
import type {MetadataFinding} from '../checks/saml-metadata.js'
import type {ConnectionDetails} from '../connections/idp-setup.js'
import {day, enumText, yesNo} from './format.js'
import type {Column} from './table.js'

/** Columns for a list of connections; the organization columns when the list spans organizations. */
export function connectionColumns(withOrganization: boolean): Column<ConnectionSummaryJson>[] {
  const organization: Column<ConnectionSummaryJson>[] = withOrganization
    ? [
        {header: 'ORGANIZATION', value: (c) => c.organizationId},
        {header: 'ORGANIZATION NAME', value: (c) => c.organizationName},
      ]
    : []
  return [
    {header: 'ID', value: (c) => c.id},
    ...organization,
    {header: 'TYPE', value: (c) => c.type},
    {header: 'PROVIDER', value: (c) => enumText(c.provider)},
    {header: 'STATUS', value: (c) => enumText(c.status)},
    {header: 'ENABLED', value: (c) => yesNo(c.enabled)},
    {header: 'DOMAINS', value: (c) => c.domains.join(', ')},
    {header: 'CREATED', value: (c) => day(c.createdAt)},
  ]
}

const setting = (settings: Record<string, unknown> | undefined, key: string) => {
  const value = settings?.[key]
  if (typeof value === 'boolean') return yesNo(value)
  if (Array.isArray(value)) return value.join(' ') || undefined
  return typeof value === 'string' && value !== '' ? enumIfName(value) : undefined
}

/** Enum names (`HTTP_REDIRECT`) read as words; URLs and ids are shown as they are. */
const enumIfName = (value: string) => (/^[A-Z][A-Z0-9_]+$/.test(value) ? enumText(value) : value)

const certificateExpiry = (saml: Record<string, unknown> | undefined) => {
  const certificates = saml?.idpCertificates
  if (!Array.isArray(certificates) || certificates.length === 0) return undefined
  return certificates.map((c) => day((c as {expiryTime?: string}).expiryTime) ?? 'unknown').join(', ')
}

export function connectionRecord(connection: ConnectionDetails): Array<[string, string | undefined]> {
  const {idpSetup, oidcConfig: oidc, samlConfig: saml} = connection
  const mapping = Object.entries(idpSetup.attributeMapping)
    .map(([field, attribute]) => `${field}=${attribute}`)
    .join(', ')
  return [
    ['id', connection.id],
    ['organization', connection.organizationId],
    ['type', connection.type],
    ['provider', enumText(connection.provider)],
    ['status', enumText(connection.status)],
    ['enabled', yesNo(connection.enabled)],
    ['domains', connection.domains.map((d) => d.domain).join(', ')],
    ['oidc issuer', setting(oidc, 'issuer') ?? setting(oidc, 'discoveryEndpoint')],
    ['oidc client id', setting(oidc, 'clientId')],
    ['oidc client secret', setting(oidc, 'clientSecret')],
    ['oidc scopes', setting(oidc, 'scopes')],
    ['oidc pkce', oidc?.pkceEnabled === undefined ? undefined : setting(oidc, 'pkceEnabled')],
    ['saml idp metadata url', setting(saml, 'idpMetadataUrl')],
    ['saml idp entity id', setting(saml, 'idpEntityId')],
    ['saml idp sso url', setting(saml, 'idpSsoUrl')],
    ['saml idp sso binding', setting(saml, 'idpSsoRequestBinding')],
    ['saml idp certificate expires', certificateExpiry(saml)],
    ['saml name id format', setting(saml, 'idpNameIdFormat')],
    ['login button', connection.uiButtonTitle || undefined],
    ['test url', connection.testConnectionUri || undefined],
    ['created', connection.createTime],
    ['updated', connection.updateTime],
    ['sp entity id', idpSetup.spEntityId],
    ['acs url', idpSetup.acsUrl],
    ['sp metadata url', idpSetup.spMetadataUrl],
    ['redirect uri', idpSetup.redirectUri],
    [`attribute mapping${idpSetup.attributeMappingSource === 'default' ? ' (default)' : ''}`, mapping],
  ]
}

/** One SAML check finding on one line: the element, what is wrong, what to ask the customer for. */
export function findingLine(finding: MetadataFinding): string {
  return `${finding.element}: ${finding.message} — ${finding.ask}`
}
