import type {RedirectFinding, RedirectReport} from '../checks/redirects.js'
import type {Column} from './table.js'

export interface RedirectRow {
  fix: string
  registered?: boolean
  result: string
  rule: string
  url: string
}

/** One row per finding (a clean URL gets one "ok" row); list-wide findings come last. */
export function redirectRows(report: RedirectReport): RedirectRow[] {
  const rows = (url: string, findings: RedirectFinding[], registered?: boolean): RedirectRow[] =>
    findings.length === 0
      ? [{fix: '', registered, result: 'ok', rule: '', url}]
      : findings.map((f) => ({fix: f.fix, registered, result: `fail: ${f.message}`, rule: f.rule, url}))
  return [
    ...report.results.flatMap((r) => rows(r.url, r.findings, r.registered)),
    ...report.findings.flatMap((f) => rows(`(all ${report.results.length} URLs)`, [f])),
  ]
}

export function redirectColumns(probed: boolean): Column<RedirectRow>[] {
  const registered: Column<RedirectRow>[] = probed
    ? [{header: 'REGISTERED', value: (r) => (r.registered === undefined ? '-' : r.registered ? 'yes' : 'no')}]
    : []
  return [
    {header: 'URL', value: (r) => r.url},
    ...registered,
    {header: 'RESULT', value: (r) => r.result},
    {header: 'RULE', value: (r) => r.rule},
    {header: 'FIX', value: (r) => r.fix},
  ]
}
