import type {Api} from '../api/client.js'
import {type ConnectionSummaryJson, listConnections} from '../api/connections.js'
import {type DomainJson, listDomains} from '../api/domains.js'
import {getOrganization, listOrganizations, type OrganizationJson, parseOrganizationRef} from '../api/organizations.js'
import {collect} from '../api/paginate.js'
import {mapConcurrent} from '../concurrency.js'
import type {JunitSuite} from './junit.js'
import {samlConnectionFindings} from './saml-connections.js'
import type {MetadataRule} from './saml-metadata.js'

/** Stable ids: scripts and CI match on them. The SAML checks add theirs (saml-metadata.ts). */
export type ConnectionRule =
  | MetadataRule
  | 'connection-disabled'
  | 'connection-incomplete'
  | 'no-active-connection'
  | 'no-connection'
  | 'no-organization-domain'
  | 'sso-test-failed'

export interface ConnectionFinding {
  /** The connection the finding is about, or null when it is about the organization. */
  connectionId: string | null
  fix: string
  message: string
  organizationId: string
  rule: ConnectionRule
}

export interface CheckedConnection {
  enabled: boolean
  id: string
  provider: string
  status: string
  type: string
}

export interface OrganizationCheck {
  connections: CheckedConnection[]
  /** The organization's ORGANIZATION_DOMAIN names (the ones that route users to its SSO). */
  domains: string[]
  findings: ConnectionFinding[]
  id: string
  name: string
  ok: boolean
  ssoEnabled: boolean
}

export interface ConnectionsReport {
  ok: boolean
  organizations: OrganizationCheck[]
}

const COMPLETED = 'COMPLETED'
const ORGANIZATION_DOMAIN = 'ORGANIZATION_DOMAIN'

export const ssoEnabled = (org: Pick<OrganizationJson, 'settings'>) =>
  Boolean(org.settings?.features?.some((f) => f.name === 'sso' && f.enabled))

/** A connection users can log in through: enabled and its setup completed. */
export const isActive = (c: CheckedConnection) => c.enabled && c.status === COMPLETED

/**
 * The rules for one organization:
 * - SSO on needs at least one enabled, completed connection (`no-connection`, `no-active-connection`);
 * - a connection still being set up (draft, in progress) or completed but disabled is reported wherever it is;
 * - an enabled connection needs an organization domain, or no email routes to it (`no-organization-domain`).
 */
export function checkOrganization(
  org: {id: string; name: string; ssoEnabled: boolean},
  connections: CheckedConnection[],
  domains: string[],
): OrganizationCheck {
  const findings: ConnectionFinding[] = []
  const add = (rule: ConnectionRule, connectionId: string | null, message: string, fix: string) =>
    findings.push({connectionId, fix, message, organizationId: org.id, rule})
  const portal = `skctl portal link ${org.id}`

  if (org.ssoEnabled && connections.length === 0) {
    add(
      'no-connection',
      null,
      'SSO is on but the organization has no SSO connection',
      `send the customer's IT admin an admin-portal link to set one up: ${portal}`,
    )
  } else if (org.ssoEnabled && !connections.some(isActive)) {
    const enableable = connections.find((c) => c.status === COMPLETED)
    add(
      'no-active-connection',
      null,
      'SSO is on but no connection is both enabled and completed, so no one can log in with SSO',
      enableable
        ? `skctl connections enable --org ${org.id} ${enableable.id}`
        : `finish a connection's setup in the admin portal: ${portal}`,
    )
  }
  for (const c of connections) {
    if (c.status !== COMPLETED) {
      const state = c.status === 'IN_PROGRESS' ? 'in progress' : c.status === 'DRAFT' ? 'a draft' : 'not completed'
      add(
        'connection-incomplete',
        c.id,
        `connection ${c.id} is ${state}: its IdP setup was never finished and tested`,
        `finish and test it in the admin portal (${portal}), then skctl connections enable --org ${org.id} ${c.id}`,
      )
    } else if (!c.enabled) {
      add(
        'connection-disabled',
        c.id,
        `connection ${c.id} is configured but disabled`,
        `skctl connections enable --org ${org.id} ${c.id}`,
      )
    }
  }
  if (connections.some((c) => c.enabled) && domains.length === 0) {
    add(
      'no-organization-domain',
      null,
      'the organization has an enabled connection but no organization domain, so no email address routes to it',
      `skctl domains add --org ${org.id} DOMAIN (the customer's email domain, e.g. acme.com)`,
    )
  }
  const {id, name} = org
  return {connections, domains, findings, id, name, ok: findings.length === 0, ssoEnabled: org.ssoEnabled}
}

export const toChecked = (c: ConnectionSummaryJson): CheckedConnection => ({
  enabled: c.enabled,
  id: c.id,
  provider: c.provider,
  status: c.status,
  type: c.type,
})

/** Organizations by id or external id, or every organization (auto-paginated) when `refs` is empty. */
export async function selectOrganizations(api: Api, refs: string[]): Promise<OrganizationJson[]> {
  if (refs.length === 0) return (await collect(listOrganizations(api))).items
  const orgs = await Promise.all(refs.map((ref) => getOrganization(api, parseOrganizationRef(ref))))
  return [...new Map(orgs.map((o) => [o.id, o])).values()]
}

/** Fetches each organization's connections and organization domains (a few at a time) and checks them. */
export async function checkConnections(api: Api, orgs: OrganizationJson[]): Promise<ConnectionsReport> {
  await api.client() // one token before the fan-out
  const organizations = await mapConcurrent(orgs, 4, async (org) => {
    const [connections, domains] = await Promise.all([
      collect(listConnections(api, {organizationId: org.id})),
      collect(listDomains(api, org.id, {type: 'organization'})),
    ])
    const names = domains.items.filter((d: DomainJson) => d.domainType === ORGANIZATION_DOMAIN).map((d) => d.domain)
    const checked = checkOrganization(
      {id: org.id, name: org.displayName, ssoEnabled: ssoEnabled(org)},
      connections.items.map(toChecked),
      names,
    )
    const saml = await samlConnectionFindings(api, org.id, connections.items)
    return {...checked, findings: [...checked.findings, ...saml], ok: checked.ok && saml.length === 0}
  })
  return {ok: organizations.every((o) => o.ok), organizations}
}

/** One JUnit test case per organization, a failure per finding. */
export function connectionsJunit(report: ConnectionsReport): JunitSuite[] {
  return [
    {
      cases: report.organizations.map((org) => ({
        classname: `connections.${org.id}`,
        failure: org.findings.map((f) => ({
          detail: `Fix: ${f.fix}`,
          message: `[${f.rule}] ${f.message}`,
        })),
        name: `${org.name} (${org.id})`,
      })),
      name: 'skctl connections check',
    },
  ]
}
