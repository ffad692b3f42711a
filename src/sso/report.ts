import type {Api} from '../api/client.js'
import {resolveOrganizationId} from '../api/organizations.js'
import type {JunitSuite} from '../checks/junit.js'
import type {ScenarioReport, Selectors} from './flow.js'

/** The selectors as the authorize endpoint wants them: an organization given by external id becomes its id. */
export async function ssoTarget(api: Api, selectors: Selectors): Promise<Selectors> {
  if (!selectors.organizationId) return selectors
  return {...selectors, organizationId: await resolveOrganizationId(api, selectors.organizationId)}
}

/** One JUnit suite per scenario, one case per stage. */
export function reportSuites(reports: ScenarioReport[]): JunitSuite[] {
  return reports.map((report) => ({
    cases: report.stages.map((stage) => ({
      classname: `sso.${report.scenario}`,
      failure: stage.ok ? undefined : {message: `[${stage.reason}] ${stage.detail}`},
      name: stage.name,
      timeMs: stage.ms,
    })),
    name: `skctl sso test (${report.scenario})`,
  }))
}

/** The closing line of several scenarios: "All 3 scenarios passed", "1 of 3 scenarios failed". */
export function overallLine(reports: ScenarioReport[]): string {
  const failed = reports.filter((r) => !r.ok).length
  const total = `${reports.length} ${reports.length === 1 ? 'scenario' : 'scenarios'}`
  if (failed === 0) return reports.length === 1 ? '1 scenario passed' : `All ${total} passed`
  return `${failed} of ${total} failed`
}
