import type {SsoTestEntry} from '../config/sso-test-record.js'
import type {ScenarioReport, Selectors} from './flow.js'

const CONNECTION_ID = /^conn_[A-Za-z0-9]+$/

/** The connection that signed the user in: Scalekit names it in `amr`, and the emulator's `sub` starts with it. */
function connectionOf(report: ScenarioReport): string | undefined {
  const amr = Array.isArray(report.claims?.amr) ? report.claims.amr : []
  const named = amr.find((value): value is string => typeof value === 'string' && CONNECTION_ID.test(value))
  const sub = typeof report.claims?.sub === 'string' ? report.claims.sub.split(';')[0] : undefined
  return named ?? (sub && CONNECTION_ID.test(sub) ? sub : undefined)
}

/**
 * What `sso test` remembers of a run for `onboard status`: the organization (chosen, or named in the ID token),
 * the connection, when, and how it ended. Undefined when the organization is unknown (a domain that routes nowhere)
 * or only the error scenario ran.
 */
export function ssoTestEntry(
  all: ScenarioReport[],
  target: Selectors,
  environmentUrl: string,
  now = new Date(),
): SsoTestEntry | undefined {
  // The error scenario proves error handling, not that anyone can sign in: it alone records nothing.
  const reports = all.filter((r) => r.scenario !== 'error')
  if (reports.length === 0) return undefined
  const oid = reports.map((r) => r.claims?.oid).find((v): v is string => typeof v === 'string' && v !== '')
  const organizationId = target.organizationId ?? oid
  if (!organizationId) return undefined
  const failed = reports.find((r) => !r.ok)
  const stage = failed?.stages.find((s) => !s.ok)
  return {
    connectionId: target.connectionId ?? reports.map(connectionOf).find(Boolean),
    environmentUrl,
    organizationId,
    reason: failed
      ? `${failed.scenario}: ${stage ? `${stage.name} [${stage.reason ?? 'error'}] ${stage.detail}` : 'did not finish'}`
      : undefined,
    result: failed ? 'failed' : 'passed',
    source: 'sso test',
    time: now.toISOString(),
  }
}
