import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {
  assertJobId,
  type Checkpoint,
  checkpointPath,
  emptyCounts,
  readCheckpoint,
  ReportFile,
  writeCheckpoint,
} from '../../../src/import/job.js'
import {tempDir} from '../../helpers/tmp.js'

const checkpoint = (fields: Partial<Checkpoint> = {}): Checkpoint => ({
  version: 1,
  jobId: 'nightly-1',
  command: 'users import',
  inputs: [{path: '/data/users.csv', sha256: 'ab'.repeat(32), size: 1234}],
  options: {org: 'acme', updateExisting: false},
  organizations: {'src-1': 'org_1'},
  organizationCounts: emptyCounts(),
  organizationsDone: true,
  watermark: 41,
  done: [43, 47],
  counts: {...emptyCounts(), created: 38, failed: 2},
  membershipsAdded: 38,
  reports: {errors: 512, retry: 300, mapping: 0},
  startedAt: '2030-01-01T00:00:00.000Z',
  elapsedMs: 8_000,
  finished: false,
  ...fields,
})

describe('checkpoints', () => {
  it('round-trip, replacing the previous one whole, private to the user', () => {
    const path = checkpointPath(join(tempDir(), 'config'), 'nightly-1')
    expect(readCheckpoint(path)).toBeUndefined()
    writeCheckpoint(path, checkpoint())
    writeCheckpoint(path, checkpoint({watermark: 90, done: []}))
    expect(readCheckpoint(path)).toEqual(checkpoint({watermark: 90, done: []}))
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700)
    // No temporary file is left behind.
    expect(readdirSync(join(path, '..'))).toEqual(['nightly-1.json'])
  })

  it.each([
    ['half a file', '{"version":1,"jobId":"nig'],
    ['not JSON', 'garbage'],
    ['another version', '{"version":2}'],
    ['null', 'null'],
    ['empty', ''],
  ])('a damaged checkpoint (%s) stops with exit 2 and the fix', (_name, text) => {
    const path = join(tempDir(), 'job.json')
    writeFileSync(path, text)
    expect(() => readCheckpoint(path)).toThrow(
      expect.objectContaining({
        exit: 2,
        hint: 'delete it to start the import over',
        message: `the checkpoint ${path} is damaged`,
      }),
    )
  })
})

describe('ReportFile', () => {
  const HEADER = 'email,code\r\n'

  it('writes the header to a new file, then appends buffered lines at each flush', () => {
    const path = join(tempDir(), 'reports', 'retry.csv')
    const report = new ReportFile(path, undefined, HEADER)
    report.append('a@example.com,invalid_email\r\n')
    expect(readFileSync(path, 'utf8')).toBe('')
    const length = report.flush()
    expect(readFileSync(path, 'utf8')).toBe(`${HEADER}a@example.com,invalid_email\r\n`)
    expect(length).toBe(statSync(path).size)
    report.append('b@example.com,ragged_row\r\n')
    report.close()
    expect(readFileSync(path, 'utf8')).toBe(`${HEADER}a@example.com,invalid_email\r\nb@example.com,ragged_row\r\n`)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('writes the header to an empty file even with nothing else to report', () => {
    const path = join(tempDir(), 'retry.csv')
    new ReportFile(path, undefined, HEADER).close()
    expect(readFileSync(path, 'utf8')).toBe(HEADER)
  })

  it('appends to a file that has content, without a second header', () => {
    const path = join(tempDir(), 'retry.csv')
    writeFileSync(path, `${HEADER}a@example.com,invalid_email\r\n`)
    const report = new ReportFile(path, undefined, HEADER)
    report.append('b@example.com,ragged_row\r\n')
    report.close()
    expect(readFileSync(path, 'utf8')).toBe(`${HEADER}a@example.com,invalid_email\r\nb@example.com,ragged_row\r\n`)
  })

  it('on resume cuts back to the length the checkpoint vouched for, keeping everything before it', () => {
    const path = join(tempDir(), 'errors.jsonl')
    const first = new ReportFile(path, undefined)
    first.append('{"line":2}\n')
    const vouched = first.flush()
    // Written after the last checkpoint, then the run crashed: these rows will be redone.
    first.append('{"line":3}\n{"line":4}\n')
    first.close()
    const resumed = new ReportFile(path, vouched)
    expect(readFileSync(path, 'utf8')).toBe('{"line":2}\n')
    resumed.append('{"line":3}\n')
    expect(resumed.flush()).toBe(statSync(path).size)
    resumed.close()
    expect(readFileSync(path, 'utf8')).toBe('{"line":2}\n{"line":3}\n')
  })

  it('keeps a file that is already no longer than the checkpoint says', () => {
    const path = join(tempDir(), 'errors.jsonl')
    writeFileSync(path, '{"line":2}\n')
    const report = new ReportFile(path, 100, HEADER)
    report.append('{"line":3}\n')
    expect(report.flush()).toBe(statSync(path).size)
    report.close()
    expect(readFileSync(path, 'utf8')).toBe('{"line":2}\n{"line":3}\n')
  })

  it('starting over at zero bytes writes the header again', () => {
    const path = join(tempDir(), 'retry.csv')
    writeFileSync(path, `${HEADER}stale,row\r\n`)
    new ReportFile(path, 0, HEADER).close()
    expect(readFileSync(path, 'utf8')).toBe(HEADER)
  })
})

describe('assertJobId', () => {
  it.each(['nightly-1', 'a', 'import_2030.01.01', 'x'.repeat(64)])('accepts %j', (id) => {
    expect(assertJobId(id)).toBe(id)
  })

  it.each(['', '.hidden', '..', '../escape', 'a/b', 'a\\b', 'with space', 'x'.repeat(65), 'émigré', 'a\nb'])(
    'refuses %j with exit 2',
    (id) => {
      expect(() => assertJobId(id)).toThrow(
        expect.objectContaining({exit: 2, message: expect.stringContaining('--job-id')}),
      )
    },
  )
})
