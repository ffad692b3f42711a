import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {
  parseColumnMap,
  resolveHeader,
  restoreCell,
  toGenericRow,
  toUserSpec,
  USER_COLUMNS,
} from '../../../src/import/columns.js'
import {readUserCsv} from '../../../src/import/csv-source.js'
import {csvLine} from '../../../src/import/csv-write.js'
import type {SourceItem, UserSpec} from '../../../src/import/model.js'
import {tempDir} from '../../helpers/tmp.js'

const NO_MAP = new Map<string, string>()

describe('parseColumnMap', () => {
  it('maps columns to fields; the column may contain "=", and spaces around either side go', () => {
    const map = parseColumnMap(['E-mail=email', ' Given Name = first_name ', 'Plan=metadata.plan', 'a=b=external_id'])
    expect([...map]).toEqual([
      ['E-mail', 'email'],
      ['Given Name', 'first_name'],
      ['Plan', 'metadata.plan'],
      ['a=b', 'external_id'],
    ])
    expect(parseColumnMap(undefined).size).toBe(0)
  })

  it.each([
    ['email', 'is not COLUMN=FIELD'],
    ['=email', 'is not COLUMN=FIELD'],
    ['E-mail=', 'is not COLUMN=FIELD'],
    ['E-mail=mail', 'mail is not an import field'],
    ['E-mail=Email', 'Email is not an import field'],
    ['Plan=metadata.', 'metadata. is not an import field'],
  ])('refuses %j with exit 2', (value, message) => {
    expect(() => parseColumnMap([value])).toThrow(
      expect.objectContaining({exit: 2, message: expect.stringContaining(message)}),
    )
  })

  it('lists the import fields in the hint of an unknown field', () => {
    expect(() => parseColumnMap(['x=nope'])).toThrow(
      expect.objectContaining({hint: expect.stringContaining('email, first_name, last_name')}),
    )
  })
})

describe('resolveHeader', () => {
  it('matches names case-insensitively after trimming; unknown columns are ignored and named, `id` silently', () => {
    const header = resolveHeader(['Email', ' first_name ', 'id', 'Department', '', 'metadata.plan'], NO_MAP, 'u.csv')
    expect(header).toEqual({
      fields: ['email', 'first_name', undefined, undefined, undefined, 'metadata.plan'],
      ignored: ['Department', '(column 5, no name)'],
    })
  })

  it('keeps the case of a metadata key', () => {
    expect(resolveHeader(['email', 'Metadata.employeeId'], NO_MAP, 'u.csv').fields).toEqual([
      'email',
      'metadata.employeeId',
    ])
  })

  it('applies --map before the names, and a mapped column is no longer ignored', () => {
    const map = parseColumnMap(['Work Email=email', 'email=metadata.old_email'])
    expect(resolveHeader(['Work Email', 'email'], map, 'u.csv')).toEqual({
      fields: ['email', 'metadata.old_email'],
      ignored: [],
    })
  })

  it.each([
    [['email', 'first_name', 'Email'], NO_MAP, 'u.csv: columns 1 and 3 both hold email'],
    [['E-mail', 'email'], parseColumnMap(['E-mail=email']), 'u.csv: columns 1 and 2 both hold email'],
    [['email', 'Given', 'first_name'], parseColumnMap(['Given=first_name']), 'columns 2 and 3 both hold first_name'],
  ])('refuses a header holding a field twice: %j', (names, map, message) => {
    expect(() => resolveHeader(names, map, 'u.csv')).toThrow(
      expect.objectContaining({
        exit: 2,
        hint: expect.stringContaining('--map'),
        message: expect.stringContaining(message),
      }),
    )
  })

  it('refuses a header without an email column, listing its columns and the fix', () => {
    expect(() => resolveHeader(['mail', ' name '], NO_MAP, 'u.csv')).toThrow(
      expect.objectContaining({
        exit: 2,
        hint: expect.stringContaining('--map "E-mail=email"'),
        message: 'u.csv has no email column (columns: mail, name)',
      }),
    )
  })
})

const userOf = (row: Record<string, string>): UserSpec => {
  const parsed = toUserSpec(row)
  if ('error' in parsed) throw new Error(`unexpected ${parsed.error.code}`)
  return parsed.user
}

describe('toUserSpec', () => {
  it('reads every generic column', () => {
    expect(
      userOf({
        email: ' Ann@Example.com ',
        first_name: ' Ann ',
        last_name: 'Lee',
        email_verified: 'false',
        external_id: ' ext-1 ',
        roles: 'admin; member;',
        organization: 'org_123; acme ;',
        metadata: '{"plan":"pro","seats":5,"flags":{"beta":true}}',
        'metadata.region': 'eu',
      }),
    ).toEqual({
      // The email is kept as written: validation trims it and judges duplicates.
      email: ' Ann@Example.com ',
      emailVerified: false,
      externalId: 'ext-1',
      firstName: 'Ann',
      lastName: 'Lee',
      memberships: [
        {organization: {id: 'org_123'}, roles: ['admin', 'member']},
        {organization: {externalId: 'acme'}, roles: ['admin', 'member']},
      ],
      metadata: {flags: '{"beta":true}', plan: 'pro', region: 'eu', seats: '5'},
      roles: ['admin', 'member'],
    })
  })

  it('leaves out what the row leaves blank', () => {
    expect(userOf({email: 'ann@example.com', first_name: '  ', external_id: '', metadata: ' '})).toEqual({
      email: 'ann@example.com',
      emailVerified: undefined,
      externalId: undefined,
      firstName: undefined,
      lastName: undefined,
      memberships: [],
      metadata: {},
      roles: [],
    })
    expect(userOf({}).email).toBe('')
  })

  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['yes', true],
    ['Y', true],
    ['false', false],
    ['0', false],
    ['No', false],
    ['n', false],
    [' ', undefined],
  ])('email_verified %j is %s', (cell, verified) => {
    expect(userOf({email: 'a@example.com', email_verified: cell}).emailVerified).toBe(verified)
  })

  it('refuses an email_verified that is not a yes or no', () => {
    expect(toUserSpec({email: 'a@example.com', email_verified: 'maybe'})).toEqual({
      error: {code: 'invalid_email_verified', message: 'email_verified "maybe" is not true or false'},
    })
  })

  it.each(['[1]', '"text"', '42', 'null', '{broken'])('refuses metadata %j: not a JSON object', (metadata) => {
    expect(toUserSpec({email: 'a@example.com', metadata})).toEqual({
      error: {code: 'invalid_metadata', message: 'metadata is not a JSON object'},
    })
  })

  it('lets a metadata.<key> cell override the JSON column, and skips empty cells', () => {
    const user = userOf({
      email: 'a@example.com',
      metadata: '{"plan":"free","tier":"1"}',
      'metadata.plan': 'pro',
      'metadata.tier': '',
    })
    expect(user.metadata).toEqual({plan: 'pro', tier: '1'})
  })

  it("takes values as given: undoing the export formula prefix is the CSV reader's job", () => {
    // A JSON record is never neutralised, so an apostrophe in it is data.
    expect(userOf({email: 'a@example.com', first_name: "'=1+1", 'metadata.note': "'@a"})).toMatchObject({
      firstName: "'=1+1",
      metadata: {note: "'@a"},
    })
  })
})

describe('restoreCell', () => {
  it.each([
    ["'=1+1", '=1+1'],
    ["'+x", '+x'],
    ["'-5", '-5'],
    ["'@a", '@a'],
    ["'\tx", '\tx'],
    ["''=x", "'=x"],
    ["'plain", "'plain"],
    ["'", "'"],
    ['=1+1', '=1+1'],
    ['', ''],
  ])('%j → %j', (cell, value) => {
    expect(restoreCell(cell)).toBe(value)
  })
})

describe('toGenericRow', () => {
  it('lays a row out in USER_COLUMNS order, folding metadata.<key> cells into the metadata column', () => {
    const row = toGenericRow({
      'metadata.region': 'eu',
      'metadata.empty': '',
      email: 'ann@example.com',
      metadata: '{"plan":"pro","region":"us"}',
      roles: 'admin',
    })
    expect(USER_COLUMNS.map((column, index) => [column, row[index]])).toEqual([
      ['email', 'ann@example.com'],
      ['first_name', ''],
      ['last_name', ''],
      ['email_verified', ''],
      ['external_id', ''],
      ['roles', 'admin'],
      ['organization', ''],
      ['metadata', '{"plan":"pro","region":"eu"}'],
    ])
  })

  it('keeps a metadata column it cannot parse as written, so the retry file shows what to fix', () => {
    expect(toGenericRow({email: 'a@example.com', metadata: '{broken'}).at(-1)).toBe('{broken')
    expect(toGenericRow({email: 'a@example.com'}).at(-1)).toBe('')
  })

  it('a CSV row written to retry.csv the way the import writes it re-imports as the same user', async () => {
    const dir = tempDir()
    const original = join(dir, 'users.csv')
    // As `users export` writes formula-looking values, plus a value that already started with an apostrophe.
    writeFileSync(
      original,
      csvLine(['email', 'first_name', 'last_name', 'external_id', 'roles', 'metadata.note']) +
        csvLine(['+ann@example.com', '=1+1', "'=quoted", '-5', 'admin', '@a']) +
        csvLine(['bob@example.com', 'Bob, Jr.', 'Stone\nSmith', '@b', 'not a role', '=x']),
    )
    const first = await readAll(original)
    // `raw` holds values, the prefix the export added undone.
    expect(first[0]!.raw).toMatchObject({email: '+ann@example.com', first_name: '=1+1', 'metadata.note': '@a'})
    const retry = join(dir, 'retry.csv')
    writeFileSync(retry, csvLine(USER_COLUMNS) + first.map((item) => csvLine(toGenericRow(item.raw))).join(''))
    const again = await readAll(retry)
    expect(again.map(valueOf)).toEqual(first.map(valueOf))
    expect(first.map(valueOf)[0]).toMatchObject({firstName: '=1+1', lastName: "'=quoted", externalId: '-5'})
  })
})

async function readAll(path: string): Promise<SourceItem<UserSpec>[]> {
  const items: SourceItem<UserSpec>[] = []
  for await (const item of readUserCsv(path, {map: NO_MAP})) items.push(item)
  return items
}

const valueOf = (item: SourceItem<UserSpec>) => (item.ok ? item.value : item.error)
