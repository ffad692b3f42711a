import {createWriteStream, writeFileSync} from 'node:fs'
import {once} from 'node:events'
import {stat} from 'node:fs/promises'
import {join} from 'node:path'
import {setFlagsFromString} from 'node:v8'
import {runInNewContext} from 'node:vm'
import {describe, expect, it} from 'vitest'

import {type JsonRecord, JsonRecords, type JsonRecordsOptions} from '../../../src/import/json-records.js'
import {tempDir} from '../../helpers/tmp.js'

function write(content: string | Buffer, name = 'records.json'): string {
  const file = join(tempDir(), name)
  writeFileSync(file, content)
  return file
}

async function read(file: string, options: JsonRecordsOptions = {}) {
  const reader = new JsonRecords(file, options)
  const records: JsonRecord[] = []
  for await (const record of reader) records.push(record)
  return {arrayKey: reader.arrayKey, envelope: reader.envelope, layout: reader.layout, records}
}

const ok = (line: number, record: number, value: unknown): JsonRecord => ({line, ok: true, record, value})

describe('JsonRecords layouts', () => {
  it('reads NDJSON, skipping blank lines without numbering them', async () => {
    const file = write('{"id":1}\n\n  \n{"id":2}\r\n{"id":3}')
    expect(await read(file)).toEqual({
      arrayKey: undefined,
      envelope: {},
      layout: 'lines',
      records: [ok(1, 1, {id: 1}), ok(4, 2, {id: 2}), ok(5, 3, {id: 3})],
    })
  })

  it('reads a top-level array, locating each element by its first line', async () => {
    const file = write('[\n  {"id": 1, "tags": ["a", "]"]},\n  {"id": "}{"},\n  {"id": "\\"quoted\\""}\n]\n')
    const {layout, records} = await read(file)
    expect(layout).toBe('array')
    expect(records).toEqual([ok(2, 1, {id: 1, tags: ['a', ']']}), ok(3, 2, {id: '}{'}), ok(4, 3, {id: '"quoted"'})])
  })

  it('reads the array under a named key and keeps the other members as the envelope', async () => {
    const file = write(
      '{\n  "organization_id": "org_1",\n  "members": [\n    {"user_id": "u1"},\n    {"user_id": "u2"}\n  ],\n  "next": {"page": 2}\n}\n',
    )
    expect(await read(file, {arrayKeys: ['users', 'members']})).toEqual({
      arrayKey: 'members',
      envelope: {next: {page: 2}, organization_id: 'org_1'},
      layout: 'wrapped',
      records: [ok(4, 1, {user_id: 'u1'}), ok(5, 2, {user_id: 'u2'})],
    })
  })

  it('takes a top-level object without a named array as the first NDJSON record', async () => {
    const file = write('{\n  "users": "not a list"\n}\n{"id": 2}\n')
    expect((await read(file, {arrayKeys: ['users']})).records).toEqual([
      ok(1, 1, {users: 'not a list'}),
      ok(4, 2, {id: 2}),
    ])
  })

  it('reads an empty file, an empty array and an empty wrapper as no records', async () => {
    expect(await read(write(' \n'))).toMatchObject({layout: 'empty', records: []})
    expect(await read(write('[]'))).toMatchObject({layout: 'array', records: []})
    expect(await read(write('{"users": []}'), {arrayKeys: ['users']})).toMatchObject({layout: 'wrapped', records: []})
  })

  it('drops a UTF-8 byte-order mark', async () => {
    expect((await read(write('\uFEFF[{"id":1}]'))).records).toEqual([ok(1, 1, {id: 1})])
  })

  it('gives the same records whatever the chunk boundaries', async () => {
    const text = '{"list": [{"a": "x\\\\", "b": [1, {"c": "\\u005d"}]}, 12.5e3, "s", null, {"d": "é😀"}], "z": true}'
    const file = write(text)
    const whole = await read(file, {arrayKeys: ['list']})
    expect(whole.records).toHaveLength(5)
    for (const chunkSize of [1, 2, 3, 7]) {
      expect(await read(file, {arrayKeys: ['list'], chunkSize})).toEqual(whole)
    }
  })
})

describe('JsonRecords per-record errors', () => {
  it('reports a malformed NDJSON line and reads on', async () => {
    const file = write('{"id":1}\n{"id":2,,}\n{"id":3}\n')
    expect((await read(file)).records).toEqual([
      ok(1, 1, {id: 1}),
      {
        error: {code: 'invalid_json', message: expect.stringMatching(/^not valid JSON: /)},
        line: 2,
        ok: false,
        record: 2,
      },
      ok(3, 3, {id: 3}),
    ])
  })

  it('keeps the good lines when the first line of an NDJSON file is broken', async () => {
    const file = write('{"id": {"nested": 1}\n{"id":2}\n{"id":3}\n')
    const {layout, records} = await read(file)
    expect(layout).toBe('lines')
    expect(records.map((record) => [record.line, record.record, record.ok])).toEqual([
      [1, 1, false],
      [2, 2, true],
      [3, 3, true],
    ])
  })

  it('reports an array element that is balanced but not JSON, and reads on', async () => {
    const file = write('[{"id": 1}, {"id": tru}, {"id": 3}]')
    expect((await read(file)).records.map((record) => (record.ok ? record.value : record.error.code))).toEqual([
      {id: 1},
      'invalid_json',
      {id: 3},
    ])
  })

  it('never quotes the record in the error: it may hold a password hash', async () => {
    const file = write('{"passwordHash": "c2VjcmV0aGFzaA==" x}\n')
    const [record] = (await read(file)).records
    expect(record).toMatchObject({error: {code: 'invalid_json'}, ok: false})
    expect(JSON.stringify(record)).not.toContain('c2VjcmV0aGFzaA')
  })

  it('reports a record over the size limit without holding it, then reads on', async () => {
    const big = JSON.stringify({note: 'x'.repeat(200)})
    const expected = {
      error: {code: 'record_too_large', message: 'the record is larger than 100 characters'},
      ok: false,
    }
    const lines = await read(write(`{"id":1}\n${big}\n{"id":3}\n`), {maxRecordSize: 100})
    expect(lines.records).toEqual([ok(1, 1, {id: 1}), {...expected, line: 2, record: 2}, ok(3, 3, {id: 3})])
    const array = await read(write(`[{"id":1},\n${big},\n{"id":3}]`), {chunkSize: 16, maxRecordSize: 100})
    expect(array.records).toEqual([ok(1, 1, {id: 1}), {...expected, line: 2, record: 2}, ok(3, 3, {id: 3})])
  })
})

describe('JsonRecords file errors', () => {
  const failure = async (content: string | Buffer) => {
    const file = write(content)
    const seen: JsonRecord[] = []
    const error = await (async () => {
      for await (const record of new JsonRecords(file)) seen.push(record)
    })().then(
      () => undefined,
      (error: unknown) => error,
    )
    return {error, file, seen}
  }

  it.each([
    ['a missing comma', '[{"id":1}\n {"id":2}]', 2, 'expected "," or "]" after a record'],
    ['a trailing comma', '[{"id":1},\n]', 2, 'expected a value, found "]"'],
    ['a cut-off file', '[{"id":1},\n {"id":', 2, 'the file ends inside this record: is it cut off?'],
    ['a missing closing bracket', '[{"id":1}\n', 2, 'the file ends before the closing "]"'],
    ['text after the array', '[{"id":1}]\n[{"id":2}]', 2, 'unexpected text after the closing "]"'],
  ])('stops on %s with exit 2, after the records before it', async (_name, content, line, message) => {
    const {error, file, seen} = await failure(content)
    expect(seen).toEqual([ok(1, 1, {id: 1})])
    expect(error).toMatchObject({code: 'invalid_input', exit: 2, message: `${file} line ${line}: ${message}`})
  })

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const {error, file} = await failure(
      Buffer.concat([Buffer.from('{"id":1}\n{"name":"'), Buffer.from([0xe9]), Buffer.from('"}\n')]),
    )
    expect(error).toMatchObject({exit: 2, message: `${file} is not UTF-8 text (line 2)`})
  })

  it('refuses UTF-16 text', async () => {
    const {error, file} = await failure(Buffer.from('\uFEFF[{"id":1}]', 'utf16le'))
    expect(error).toMatchObject({exit: 2, message: `${file} is UTF-16 (or UTF-32) text, not UTF-8`})
  })

  it('says when the file does not exist', async () => {
    const file = join(tempDir(), 'missing.json')
    await expect(read(file)).rejects.toMatchObject({exit: 2, message: `${file} does not exist`})
  })
})

/** global.gc without --expose-gc: the flag can still be set at run time, and a new context then sees gc. */
function fullCollection(): () => void {
  setFlagsFromString('--expose-gc')
  return runInNewContext('gc') as () => void
}

describe('JsonRecords memory', () => {
  const COUNT = 200_000

  async function generate(file: string, array: boolean): Promise<number> {
    const out = createWriteStream(file)
    const note = 'n'.repeat(60)
    out.write(array ? '[\n' : '')
    for (let i = 0; i < COUNT; i++) {
      const record = JSON.stringify({email: `user${i}@example.test`, metadata: {note, seq: i}, user_id: `auth0|${i}`})
      const text = array ? (i === 0 ? '' : ',\n') + record : `${record}\n`
      if (!out.write(text)) await once(out, 'drain')
    }
    out.end(array ? '\n]\n' : '')
    await once(out, 'finish')
    return (await stat(file)).size
  }

  it.each([
    ['NDJSON', false],
    ['a JSON array', true],
  ])('streams %s of 200,000 records with heap growth far below the file size', async (_name, array) => {
    const file = join(tempDir(), 'big.json')
    const size = await generate(file, array)
    // heapUsed also counts garbage not yet collected: a full collection before each sample shows what is kept.
    const gc = fullCollection()
    gc()
    const before = process.memoryUsage().heapUsed
    let count = 0
    let peak = 0
    for await (const record of new JsonRecords(file)) {
      if (record.ok) count++
      if (record.record % 40_000 === 0) {
        gc()
        peak = Math.max(peak, process.memoryUsage().heapUsed - before)
      }
    }
    expect(count).toBe(COUNT)
    expect(size).toBeGreaterThan(20_000_000)
    expect(peak).toBeLessThan(size / 20)
  })
})
