import {describe, expect, it} from 'vitest'

import {parseDuration, type Probe, waitUntil} from '../../../src/onboarding/wait.js'

describe('parseDuration', () => {
  it('reads hours, minutes, seconds, milliseconds and bare seconds', () => {
    expect(parseDuration('timeout', '30m')).toBe(1_800_000)
    expect(parseDuration('timeout', '2h')).toBe(7_200_000)
    expect(parseDuration('timeout', '90s')).toBe(90_000)
    expect(parseDuration('timeout', '1.5s')).toBe(1500)
    expect(parseDuration('interval', '250ms')).toBe(250)
    expect(parseDuration('timeout', '45')).toBe(45_000)
  })

  it('refuses anything else as bad input (exit 2) naming the flag', () => {
    for (const bad of ['soon', '', '0', '-5s', '10 minutes', '1d']) {
      expect(() => parseDuration('timeout', bad)).toThrow(expect.objectContaining({exit: 2}))
    }
    expect(() => parseDuration('interval', 'x')).toThrow('--interval "x" is not a duration')
  })
})

describe('waitUntil', () => {
  const sequence = (states: Array<[string, boolean]>) => {
    let i = 0
    const pauses: number[] = []
    let last = Date.now()
    const probe = async (): Promise<Probe<number>> => {
      const now = Date.now()
      pauses.push(now - last)
      last = now
      const [state, ready] = states[Math.min(i, states.length - 1)]!
      return {ready, state, value: i++}
    }
    return {pauses, probe}
  }

  it('reports each new state once and returns the first ready look', async () => {
    const {probe} = sequence([
      ['none', false],
      ['none', false],
      ['draft', false],
      ['ready', true],
    ])
    const seen: string[] = []
    const outcome = await waitUntil(probe, {
      intervalMs: 1,
      maxIntervalMs: 5,
      onState: (s) => seen.push(s),
      timeoutMs: 10_000,
    })
    expect(seen).toEqual(['none', 'draft', 'ready'])
    expect(outcome.probe).toEqual({ready: true, state: 'ready', value: 3})
  })

  it('pauses longer each time up to the cap, and looks a last time at the deadline', async () => {
    const {pauses, probe} = sequence([['never', false]])
    const outcome = await waitUntil(probe, {intervalMs: 10, maxIntervalMs: 40, timeoutMs: 300})
    expect(outcome.probe.ready).toBe(false)
    expect(outcome.elapsedMs).toBeGreaterThanOrEqual(300)
    // 10, 15, 22.5, 33.75, then 40 each time: the pauses grow and stop growing at the cap.
    const waited = pauses.slice(1, 6)
    expect(waited[0]).toBeGreaterThanOrEqual(9)
    expect(waited[3]).toBeGreaterThanOrEqual(33)
    expect(Math.max(...pauses.slice(1, -1))).toBeLessThan(40 + 30)
  })
})
