import type {Api} from '../api/client.js'
import {
  type ConnectionSummaryJson,
  getConnectionTestResult,
  listAllOrganizationConnections,
  listConnections,
} from '../api/connections.js'
import {listDirectories} from '../api/directories.js'
import {listDomains} from '../api/domains.js'
import {getOrganization, listOrganizations, type OrganizationJson, parseOrganizationRef} from '../api/organizations.js'
import {collect, type Pages} from '../api/paginate.js'
import {listUsers} from '../api/users.js'
import {type CheckedConnection, toChecked} from '../checks/connections.js'
import {mapConcurrent} from '../concurrency.js'
import {lastSsoTests, recordSsoTest, type SsoTestEntry} from '../config/sso-test-record.js'
import {CliError} from '../errors.js'
import {type OrganizationFacts, type OrganizationStatus, organizationStatus} from './status-steps.js'

/** Organizations looked at in parallel by --all: each costs three calls (domains, directories, members). */
const CONCURRENCY = 8

/** Where `onboard status` reads skctl's own records: the config directory. */
export interface StatusContext {
  api: Api
  configDir: string
}

/** The facts the API holds about one organization, its connections already in hand. */
async function factsOf(
  api: Api,
  org: OrganizationJson,
  connections: CheckedConnection[] | Promise<CheckedConnection[]>,
  lastTest: SsoTestEntry | undefined | Promise<SsoTestEntry | undefined>,
): Promise<OrganizationFacts> {
  const [domains, directories, members, connected, tested] = await Promise.all([
    collect(listDomains(api, org.id, {type: 'organization'})),
    collect(listDirectories(api, org.id)),
    // One member is enough to know there are some; the page says how many in all.
    collect(listUsers(api, {limit: 1, organizationId: org.id})),
    connections,
    lastTest,
  ])
  return {
    connections: connected,
    directories: directories.items,
    domains: domains.items.filter((d) => d.domainType === 'ORGANIZATION_DOMAIN').map((d) => d.domain),
    lastTest: tested,
    members: members.totalSize ?? members.items.length,
    org,
  }
}

/** An organization (by id or external id) looked at once: exit 4 when it does not exist. */
export async function findOrganization(api: Api, ref: string): Promise<OrganizationJson> {
  return getOrganization(api, parseOrganizationRef(ref))
}

/**
 * One organization's checklist. `testRequestId` (a `test_…` run of the admin portal's Test connection) is asked
 * for with GetConnectionTestResult on each of its connections, and its outcome recorded like an `sso test`.
 */
export async function statusOfOrganization(
  context: StatusContext,
  org: OrganizationJson,
  testRequestId?: string,
): Promise<OrganizationStatus> {
  const {api, configDir} = context
  const environmentUrl = api.credentials.environmentUrl
  // Every call at once: the connections (and a portal test run) while the other three lists are fetched.
  const connections = collect(listConnections(api, {organizationId: org.id})).then((l) => l.items.map(toChecked))
  const lastTest = testRequestId
    ? connections.then(async (found) => {
        const portal = await portalTest(api, org.id, found, testRequestId)
        await recordSsoTest(configDir, portal)
        return portal
      })
    : lastSsoTests(configDir, environmentUrl).then((tests) => tests.get(org.id))
  return organizationStatus(await factsOf(api, org, connections, lastTest))
}

/** The portal test run on whichever of the organization's connections it belongs to. */
async function portalTest(
  api: Api,
  organizationId: string,
  connections: CheckedConnection[],
  testRequestId: string,
): Promise<SsoTestEntry> {
  for (const connection of connections) {
    try {
      const result = await getConnectionTestResult(api, connection.id, testRequestId)
      const result_ = result.status === 'SUCCESS' ? 'passed' : result.status === 'FAILURE' ? 'failed' : 'pending'
      const reason = [result.error, result.errorDescription].filter(Boolean).join(': ') || undefined
      return {
        connectionId: connection.id,
        environmentUrl: api.credentials.environmentUrl,
        organizationId,
        reason,
        result: result_,
        source: 'portal test',
        testRequestId,
        time: new Date().toISOString(),
      }
    } catch (error) {
      if (!(error instanceof CliError && error.code === 'not_found')) throw error
    }
  }
  throw new CliError('not_found', `test request ${testRequestId} belongs to no connection of ${organizationId}`, {
    hint: 'the admin portal shows the test request id (test_…) of a Test connection run',
  })
}

/**
 * Every organization's checklist, a page of organizations at a time, in the order the API lists them. The
 * connections come from one walk over the whole environment (grouped by organization) rather than a call per
 * organization; each organization then costs three calls, a few organizations at a time.
 */
export async function* statusOfAll(context: StatusContext): Pages<OrganizationStatus> {
  const {api, configDir} = context
  await api.client() // one token before the fan-out
  const byOrg = groupByOrganization(collect(listAllOrganizationConnections(api)))
  byOrg.catch(() => {}) // awaited below; a failure of the organization list first must not leave it unhandled
  const tests = await lastSsoTests(configDir, api.credentials.environmentUrl)
  for await (const page of listOrganizations(api)) {
    const connections = await byOrg
    const items = await mapConcurrent(page.items, CONCURRENCY, async (org) =>
      organizationStatus(await factsOf(api, org, connections.get(org.id) ?? [], tests.get(org.id))),
    )
    yield {items, totalSize: page.totalSize, truncated: page.truncated}
  }
}

async function groupByOrganization(
  listing: Promise<{items: ConnectionSummaryJson[]}>,
): Promise<Map<string, CheckedConnection[]>> {
  const byOrg = new Map<string, CheckedConnection[]>()
  for (const c of (await listing).items) {
    const list = byOrg.get(c.organizationId) ?? []
    list.push(toChecked(c))
    byOrg.set(c.organizationId, list)
  }
  return byOrg
}
