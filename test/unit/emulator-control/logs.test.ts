import {describe, expect, it} from 'vitest'

import {levelOf} from '../../../src/emulator/log-file.js'
import {atLeast, parseLog} from '../../../src/emulator-control/logs.js'

describe('emulator log lines', () => {
  it('reads the level from what the emulator logged', () => {
    expect(levelOf('http GET /_emulator/health 200 1.2ms')).toBe('info')
    expect(levelOf('rpc OrganizationService/ListOrganization ok 3.0ms')).toBe('info')
    expect(levelOf('rpc OrganizationService/GetOrganization not_found 2.1ms: no such organization')).toBe('warn')
    expect(levelOf('http GET /nope 404 0.4ms')).toBe('warn')
    expect(levelOf('http POST /oauth/token 500 0.4ms')).toBe('error')
    expect(levelOf('error GET /x: TypeError: boom')).toBe('error')
  })

  it('keeps a stack trace with its entry and counts stray output as an error', () => {
    const text = [
      '2026-12-03T09:00:00.000Z error error GET /x: TypeError: boom',
      '        at handler (file.js:1:1)',
      '2026-12-03T09:00:01.000Z info http GET / 200 1.0ms',
      'node:internal/process/crash',
      '',
    ].join('\n')
    const entries = parseLog(text)
    expect(entries).toEqual([
      {
        level: 'error',
        message: 'error GET /x: TypeError: boom\n    at handler (file.js:1:1)',
        time: '2026-12-03T09:00:00.000Z',
      },
      {level: 'info', message: 'http GET / 200 1.0ms', time: '2026-12-03T09:00:01.000Z'},
      {level: 'error', message: 'node:internal/process/crash', time: null},
    ])
    expect(entries.filter(atLeast('warn')).map((e) => e.level)).toEqual(['error', 'error'])
    expect(entries.filter(atLeast('info'))).toHaveLength(3)
  })
})
