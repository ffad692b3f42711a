import {readdirSync, writeFileSync} from 'node:fs'
import {basename, join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {CliError} from '../../../src/errors.js'
import {parseColumnMap} from '../../../src/import/columns.js'
import {MAX_FIELD_CHARS} from '../../../src/import/csv-source.js'
import {inspectInput} from '../../../src/import/input-file.js'
import type {OrgRef, SourceItem, UserSpec} from '../../../src/import/model.js'
import {SeenKeys} from '../../../src/import/seen-keys.js'
import {readUserFile} from '../../../src/import/user-file.js'
import {validateUser, type ValidUser} from '../../../src/import/validate.js'
import {
  HAZARD_ORGANIZATION,
  HAZARDS_DIR,
  hazardExpectations,
  type HazardExpectation,
  type HazardRow,
} from '../../fixtures/import/hazards/index.js'
import {tempDir} from '../../helpers/tmp.js'

/** What the import makes of a file before any API call: refused whole, or one outcome per record. */
type Reading = {fileError: string} | {rows: HazardRow[]; users: Array<ValidUser | undefined>}

/**
 * The steps `users import` takes before calling anything, in its order: the encoding pass over the file, the
 * reader, then per record (as the engine's `admit` does) the read error, validation, and the duplicate checks on
 * email and external id against the rows before it.
 */
async function readAsImport(path: string, options: {defaultOrganization?: OrgRef; map?: string[]}): Promise<Reading> {
  const emails = new SeenKeys()
  const externalIds = new SeenKeys()
  const admit = (item: SourceItem<UserSpec>): {code: string} | {user: ValidUser} => {
    if (!item.ok) return {code: item.error.code}
    const checked = validateUser(item.value, options.defaultOrganization)
    if ('error' in checked) return {code: checked.error.code}
    const {user} = checked
    if (!emails.add(user.emailKey)) return {code: 'duplicate_email'}
    if (user.externalId !== undefined && !externalIds.add(user.externalId)) return {code: 'duplicate_external_id'}
    return {user}
  }
  const rows: HazardRow[] = []
  const users: Array<ValidUser | undefined> = []
  try {
    await inspectInput(path)
    for await (const item of readUserFile(path, {map: parseColumnMap(options.map)})) {
      expect(item.at).toMatchObject({file: basename(path), record: rows.length + 1})
      const admitted = admit(item)
      const user = 'user' in admitted ? admitted.user : undefined
      // The email the report shows for the row (the engine's `finish`).
      const email = user?.email ?? (item.ok ? item.value.email : (item.raw.email ?? '')).trim()
      rows.push({email, line: item.at.line, outcome: 'code' in admitted ? admitted.code : 'ok'})
      users.push(user)
    }
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    expect(error.exit).toBe(2)
    return {fileError: error.message}
  }
  return {rows, users}
}

function expectReading(actual: Reading, expected: HazardExpectation): void {
  if (expected.fileError !== undefined) {
    expect(actual).toEqual({fileError: expect.stringContaining(expected.fileError)})
    return
  }
  if ('fileError' in actual) throw new Error(`the file was refused: ${actual.fileError}`)
  const expectedRows = expected.rows ?? []
  expect(actual.rows).toEqual(expectedRows.map(({email, line, outcome}) => ({email, line, outcome})))
  expectedRows.forEach((row, index) => {
    if (row.user) expect(actual.users[index]).toMatchObject(row.user)
  })
}

describe('the CSV hazard corpus', () => {
  const expectations = hazardExpectations()

  it('expected.json accounts for every file of the corpus, and nothing else', () => {
    const files = readdirSync(HAZARDS_DIR).filter((name) => name.endsWith('.csv'))
    expect(Object.keys(expectations).sort()).toEqual(files.sort())
  })

  it.each(Object.entries(expectations))('%s', async (file, expected) => {
    const reading = await readAsImport(join(HAZARDS_DIR, file), {
      defaultOrganization: expected.noOrg ? undefined : {externalId: HAZARD_ORGANIZATION},
      map: expected.map,
    })
    expectReading(reading, expected)
  })

  it('an oversized field fails its row only; the rows after it are read, at their own lines', async () => {
    const path = join(tempDir(), 'oversized.csv')
    const huge = `${'x'.repeat(MAX_FIELD_CHARS)}\n${'y'.repeat(10)}`
    writeFileSync(
      path,
      [
        'email,metadata.notes',
        `ann@example.com,"${huge}"`,
        `bob@example.com,${'z'.repeat(MAX_FIELD_CHARS)}`,
        'carol@example.com,short',
        '',
      ].join('\n'),
    )
    const reading = await readAsImport(path, {defaultOrganization: {externalId: HAZARD_ORGANIZATION}})
    expectReading(reading, {
      rows: [
        {email: 'ann@example.com', line: 2, outcome: 'field_too_large'},
        {email: 'bob@example.com', line: 4, outcome: 'ok', user: {metadata: {notes: 'z'.repeat(MAX_FIELD_CHARS)}}},
        {email: 'carol@example.com', line: 5, outcome: 'ok'},
      ],
    })
  })
})
