import {readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {
  lastSsoTests,
  MAX_ENTRIES,
  readSsoTests,
  recordSsoTest,
  SSO_TEST_FILE,
  type SsoTestEntry,
} from '../../../src/config/sso-test-record.js'
import {tempDir} from '../../helpers/tmp.js'

const entry = (organizationId: string, extra: Partial<SsoTestEntry> = {}): SsoTestEntry => ({
  environmentUrl: 'http://127.0.0.1:1',
  organizationId,
  result: 'passed',
  source: 'sso test',
  time: '2026-01-01T00:00:00.000Z',
  ...extra,
})

describe('the sso-test record', () => {
  it('keeps one entry per environment and organization, the latest, in a 0600 file in a 0700 directory', async () => {
    const dir = join(tempDir(), 'config')
    await recordSsoTest(dir, entry('org_1'))
    await recordSsoTest(dir, entry('org_1', {environmentUrl: 'https://acme.scalekit.dev'}))
    await recordSsoTest(dir, entry('org_1', {reason: 'x'.repeat(5000), result: 'failed'}))
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, SSO_TEST_FILE)).mode & 0o777).toBe(0o600)
    const local = await lastSsoTests(dir, 'http://127.0.0.1:1')
    expect([...local.keys()]).toEqual(['org_1'])
    expect(local.get('org_1')).toMatchObject({result: 'failed'})
    expect(local.get('org_1')!.reason!.length).toBe(300)
    expect((await readSsoTests(dir)).length).toBe(2)
  })

  it('is bounded: the oldest entries go first', async () => {
    const dir = tempDir()
    const many = Array.from({length: MAX_ENTRIES}, (_, i) => entry(`org_${i}`))
    writeFileSync(join(dir, SSO_TEST_FILE), JSON.stringify({entries: many, version: 1}))
    await recordSsoTest(dir, entry('org_new'))
    const kept = await readSsoTests(dir)
    expect(kept.length).toBe(MAX_ENTRIES)
    expect(kept[0]!.organizationId).toBe('org_1')
    expect(kept.at(-1)!.organizationId).toBe('org_new')
  })

  it('stays under the size it is read back at, however long the remote values in it', async () => {
    const dir = tempDir()
    for (let i = 0; i < 40; i++) await recordSsoTest(dir, entry(`org_${i}_${'\u0007'.repeat(8000)}`))
    expect(statSync(join(dir, SSO_TEST_FILE)).size).toBeLessThanOrEqual(1024 * 1024)
    const kept = await readSsoTests(dir)
    expect(kept.length).toBeGreaterThan(0)
    expect(kept.at(-1)!.organizationId).toMatch(/^org_39_/)
  })

  it('a damaged file holds nothing and is replaced by the next record', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, SSO_TEST_FILE), '{not json')
    expect(await readSsoTests(dir)).toEqual([])
    await recordSsoTest(dir, entry('org_1'))
    expect(JSON.parse(readFileSync(join(dir, SSO_TEST_FILE), 'utf8')).entries).toHaveLength(1)
  })
})
