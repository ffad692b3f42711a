import {createHash} from 'node:crypto'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {readUserCsv} from '../../../src/import/csv-source.js'
import {inspectInput} from '../../../src/import/input-file.js'
import {tempDir} from '../../helpers/tmp.js'

/** fs.createReadStream's default read size: characters split here arrive in two chunks. */
const CHUNK = 64 * 1024
const LATIN1_E_ACUTE = 0xe9

function file(bytes: Buffer | string, name = 'users.csv'): string {
  const path = join(tempDir(), name)
  writeFileSync(path, bytes)
  return path
}

/** `count` lines of 64 bytes each (newline included). */
const lines = (count: number) => `${'x'.repeat(63)}\n`.repeat(count)

const refusal = (path: string) =>
  inspectInput(path).then(
    () => expect.unreachable('the file was accepted'),
    (e: unknown) => e,
  )

describe('inspectInput', () => {
  it('hashes the file as node:crypto does and reports its size, over several chunks', async () => {
    const path = file(`email\n${'ann@example.com\n'.repeat(20_000)}`)
    const bytes = readFileSync(path)
    const facts = await inspectInput(path)
    expect(bytes.length).toBeGreaterThan(3 * CHUNK)
    expect(facts).toEqual({path, sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length})
  })

  it('accepts a UTF-8 BOM and an empty file', async () => {
    await expect(inspectInput(file('\uFEFFemail\n'))).resolves.toMatchObject({size: 9})
    await expect(inspectInput(file(''))).resolves.toMatchObject({size: 0})
  })

  it.each([
    ['UTF-16 LE', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\nann@example.com\n', 'utf16le')])],
    ['UTF-16 BE', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('email\n', 'utf16le').swap16()])],
  ])('refuses %s with the fix (exit 2)', async (_name, bytes) => {
    const error = await refusal(file(bytes))
    expect(error).toMatchObject({exit: 2, message: expect.stringMatching(/users\.csv is UTF-16/)})
    expect(error).toMatchObject({hint: expect.stringContaining('UTF-8')})
  })

  it('refuses Latin-1 / Windows-1252 bytes, naming the line of the first one and how to convert', async () => {
    const path = file(
      Buffer.concat([
        Buffer.from('email,first_name\nann@example.com,Ann\nbob@example.com,Jos'),
        Buffer.from([LATIN1_E_ACUTE]),
        Buffer.from('\ncarol@example.com,Ren'),
        Buffer.from([LATIN1_E_ACUTE]),
        Buffer.from('e\n'),
      ]),
    )
    const error = await refusal(path)
    expect(error).toMatchObject({exit: 2, message: expect.stringContaining('is not UTF-8 text (line 3)')})
    expect(error).toMatchObject({hint: expect.stringContaining('iconv -f WINDOWS-1252 -t UTF-8')})
  })

  it('names the right line when the bad byte is chunks into the file', async () => {
    const path = file(Buffer.concat([Buffer.from(lines(2000)), Buffer.from([LATIN1_E_ACUTE]), Buffer.from(lines(10))]))
    await expect(refusal(path)).resolves.toMatchObject({message: expect.stringContaining('(line 2001)')})
  })

  it('names the right line when the bad byte ends a chunk', async () => {
    // The decoder holds a lone lead byte back until the next chunk shows it is not the start of a character.
    const body = lines(CHUNK / 64).slice(0, -2)
    const path = file(Buffer.concat([Buffer.from(body), Buffer.from([LATIN1_E_ACUTE]), Buffer.from(`\n${lines(500)}`)]))
    expect(readFileSync(path)[CHUNK - 2]).toBe(LATIN1_E_ACUTE)
    await expect(refusal(path)).resolves.toMatchObject({message: expect.stringContaining('(line 1024)')})
    const last = file(
      Buffer.concat([Buffer.from(lines(CHUNK / 64).slice(0, -1)), Buffer.from([0xc3]), Buffer.from(lines(500))]),
    )
    expect(readFileSync(last)[CHUNK - 1]).toBe(0xc3)
    await expect(refusal(last)).resolves.toMatchObject({message: expect.stringContaining('(line 1024)')})
  })

  it('refuses a file that ends in the middle of a character, naming its last line', async () => {
    const path = file(Buffer.concat([Buffer.from('email\nann@example.com\nJos'), Buffer.from([0xc3])]))
    await expect(refusal(path)).resolves.toMatchObject({exit: 2, message: expect.stringContaining('(line 3)')})
  })

  it.each(['é', '😀'])('accepts %s split across two chunks, and the reader decodes it whole', async (char) => {
    // 64-byte rows up to just before the boundary, then a row whose name puts the character's first byte last.
    let text = 'email,first_name\n'
    for (let i = 0; text.length < CHUNK - 200; i++)
      text += `u${String(i).padStart(4, '0')}@example.com,${'n'.repeat(45)}\n`
    text += 'ann@example.com,'
    const name = `${'x'.repeat(CHUNK - 1 - text.length)}${char}z`
    const path = file(`${text}${name}\nbob@example.com,Bob\n`)
    const bytes = readFileSync(path)
    expect(bytes.subarray(CHUNK - 1, CHUNK - 1 + Buffer.byteLength(char)).toString()).toBe(char)
    await expect(inspectInput(path)).resolves.toMatchObject({size: bytes.length})
    const read: Array<string | undefined> = []
    for await (const item of readUserCsv(path, {map: new Map()}))
      read.push(item.ok ? item.value.firstName : item.error.code)
    expect(read.slice(-2)).toEqual([name, 'Bob'])
  })

  it('refuses a missing file and a directory with exit 2', async () => {
    const dir = tempDir()
    await expect(inspectInput(join(dir, 'nope.csv'))).rejects.toMatchObject({exit: 2, message: /does not exist/})
    await expect(inspectInput(dir)).rejects.toMatchObject({exit: 2, message: /is a directory/})
  })
})
