import type {ConnectionJson, ConnectionSummaryJson} from '../api/connections.js'
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
  return typeof value === 'string' ? value : undefined
}

export function connectionRecord(connection: ConnectionJson): Array<[string, string | undefined]> {
  return [
    ['id', connection.id],
    ['organization', connection.organizationId],
    ['type', connection.type],
    ['provider', enumText(connection.provider)],
    ['status', enumText(connection.status)],
    ['enabled', yesNo(connection.enabled)],
    ['domains', connection.domains.map((d) => d.domain).join(', ')],
    ['oidc issuer', setting(connection.oidcConfig, 'issuer')],
    ['oidc client id', setting(connection.oidcConfig, 'clientId')],
    ['saml idp entity id', setting(connection.samlConfig, 'idpEntityId')],
    ['saml idp sso url', setting(connection.samlConfig, 'idpSsoUrl')],
    ['saml acs url', setting(connection.samlConfig, 'spAssertionUrl')],
    ['login button', connection.uiButtonTitle],
    ['test url', connection.testConnectionUri],
    ['created', connection.createTime],
    ['updated', connection.updateTime],
  ]
}
