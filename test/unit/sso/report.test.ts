import {describe, expect, it} from 'vitest'

import type {ScenarioReport} from '../../../src/sso/flow.js'
import {overallLine} from '../../../src/sso/report.js'

const report = (scenario: ScenarioReport['scenario'], ok: boolean): ScenarioReport => ({ok, scenario, stages: []})

describe('overallLine', () => {
  it.each([
    [[true, true, true], 'All 3 scenarios passed'],
    [[true, false, true], '1 of 3 scenarios failed'],
    [[false, false, true], '2 of 3 scenarios failed'],
    [[false, false, false], '3 of 3 scenarios failed'],
    [[true], '1 scenario passed'],
    [[false], '1 of 1 scenario failed'],
  ])('%j → %s', (results, line) => {
    const scenarios = ['sp', 'idp', 'error'] as const
    expect(overallLine(results.map((ok, i) => report(scenarios[i] ?? 'sp', ok)))).toBe(line)
  })
})
