import type {ConnectionsReport} from '../checks/connections.js'
import {yesNo} from './format.js'
import type {Column} from './table.js'

export interface ConnectionCheckRow {
  connection: string
  fix: string
  id: string
  name: string
  result: string
  rule: string
  sso: boolean
}

/** One row per finding; an organization without findings gets one "ok" row. */
export function connectionCheckRows(report: ConnectionsReport): ConnectionCheckRow[] {
  return report.organizations.flatMap((org) => {
    const base = {id: org.id, name: org.name, sso: org.ssoEnabled}
    if (org.findings.length === 0) {
      const active = org.connections.length === 0 ? 'ok (no connections)' : 'ok'
      return [{...base, connection: '', fix: '', result: active, rule: ''}]
    }
    return org.findings.map((f) => ({
      ...base,
      connection: f.connectionId ?? '',
      fix: f.fix,
      result: `fail: ${f.message}`,
      rule: f.rule,
    }))
  })
}

export const connectionCheckColumns: Column<ConnectionCheckRow>[] = [
  {header: 'ORGANIZATION', value: (r) => r.id},
  {header: 'NAME', value: (r) => r.name},
  {header: 'SSO', value: (r) => yesNo(r.sso)},
  {header: 'CONNECTION', value: (r) => r.connection},
  {header: 'RESULT', value: (r) => r.result},
  {header: 'RULE', value: (r) => r.rule},
  {header: 'FIX', value: (r) => r.fix},
]
