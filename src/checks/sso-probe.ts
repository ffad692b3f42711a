import type {Api} from '../api/client.js'
import {runScenario} from '../sso/flow.js'
import {driveSimulator} from '../sso/simulate.js'
import type {ConnectionsReport} from './connections.js'

/**
 * On the emulator, proves each ready organization's SSO by running the headless SSO test against it; a failure
 * becomes an `sso-test-failed` finding naming the stage that broke.
 */
export async function probeSso(api: Api, report: ConnectionsReport): Promise<ConnectionsReport> {
  const {clientId, environmentUrl} = api.credentials
  for (const org of report.organizations) {
    if (!org.ok || !org.ssoEnabled) continue
    const email = `sso-check@${org.domains[0] ?? 'example.com'}`
    const result = await runScenario('sp', {
      api,
      browse: (url, scenario, callbackUrl) => driveSimulator(url, scenario, {attributes: {}, email}, callbackUrl),
      clientId,
      environmentUrl,
      expect: {claims: {}, organization: org.id},
      leewaySeconds: 60,
      loopback: {host: '127.0.0.1', path: '/callback', port: 0},
      selectors: {organizationId: org.id},
      timeoutMs: 30_000,
    })
    const failed = result.stages.find((stage) => !stage.ok)
    if (!failed) continue
    org.ok = false
    org.findings.push({
      connectionId: null,
      fix: `skctl sso test --org ${org.id} --port 0 --simulate email=${email}`,
      message: `the SSO test failed at "${failed.name}" [${failed.reason}]: ${failed.detail}`,
      organizationId: org.id,
      rule: 'sso-test-failed',
    })
  }
  return {...report, ok: report.organizations.every((o) => o.ok)}
}
