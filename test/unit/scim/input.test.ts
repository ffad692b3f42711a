import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {CliError} from '../../../src/errors.js'
import {readPushCsv} from '../../../src/scim/csv-input.js'
import {readPushFile} from '../../../src/scim/input.js'
import {readPushJson} from '../../../src/scim/json-input.js'
import {tempDir} from '../../helpers/tmp.js'

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User'
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group'

function refusal(read: () => unknown): CliError {
  try {
    read()
  } catch (error) {
    if (error instanceof CliError) return error
    throw error
  }
  throw new Error('expected the input to be refused')
}

describe('readPushCsv', () => {
  it('reads users and their groups with defaults, whatever the BOM, line endings and quoting', () => {
    const text =
      '\uFEFFUSERNAME,givenName,familyName,email,active,groups,externalId\r\n' +
      'alice@acme.com,Alice,"Smith, Jr",,,Engineering; Admins ;engineering,ext-1\r\n' +
      '\r\n' +
      '"bob","Bob ""B""",Jones,bob@mail.acme.com,FALSE,Engineering,\r\n'
    const state = readPushCsv(text, 'users.csv')
    expect(state.problems).toEqual([])
    expect(state.users).toEqual([
      {
        at: 'line 2',
        userName: 'alice@acme.com',
        active: true,
        resource: {
          schemas: [USER],
          userName: 'alice@acme.com',
          name: {givenName: 'Alice', familyName: 'Smith, Jr'},
          emails: [{value: 'alice@acme.com', type: 'work', primary: true}],
          externalId: 'ext-1',
        },
      },
      {
        at: 'line 4',
        userName: 'bob',
        active: false,
        resource: {
          schemas: [USER],
          userName: 'bob',
          name: {givenName: 'Bob "B"', familyName: 'Jones'},
          emails: [{value: 'bob@mail.acme.com', type: 'work', primary: true}],
        },
      },
    ])
    expect(state.groups).toEqual([
      {
        at: 'line 2',
        displayName: 'Engineering',
        members: [{userName: 'alice@acme.com'}, {userName: 'bob'}],
        resource: {schemas: [GROUP], displayName: 'Engineering'},
      },
      {at: 'line 2', displayName: 'Admins', members: [{userName: 'alice@acme.com'}], resource: expect.any(Object)},
    ])
    expect([...state.named]).toEqual(['alice@acme.com', 'bob'])
  })

  it('gives no email to a userName that is not one', () => {
    const [user] = readPushCsv('userName\nbob\n', 'u.csv').users
    expect(user?.resource).toEqual({schemas: [USER], userName: 'bob'})
  })

  it('reports bad rows with the line they start on, counting newlines inside quoted fields', () => {
    const text =
      'userName,givenName,active,groups\n' +
      'a@x.io,"two\r\nlines",,G\n' +
      ',nameless,,\n' +
      'b@x.io,B,perhaps,G\n' +
      'A@X.IO,again,,G\n' +
      'c@x.io,C,,G,extra\n' +
      'd@x.io,D\n'
    const state = readPushCsv(text, 'u.csv')
    expect(state.users.map((u) => u.userName)).toEqual(['a@x.io'])
    expect(state.problems).toEqual([
      {at: 'line 4', type: 'user', name: '', message: 'userName is empty'},
      {at: 'line 5', type: 'user', name: 'b@x.io', message: 'active "perhaps" is not true or false'},
      {at: 'line 6', type: 'user', name: 'A@X.IO', message: 'userName A@X.IO is also on line 2'},
      {at: 'line 7', type: 'user', name: 'c@x.io', message: 'the row has 5 fields; the header has 4'},
      {at: 'line 8', type: 'user', name: 'd@x.io', message: 'the row has 2 fields; the header has 4'},
    ])
    // A row that fails on its own values still names its groups, so their other members stay in sync.
    expect(state.groups[0]?.members).toEqual([{userName: 'a@x.io'}, {userName: 'b@x.io'}])
    // Every userName the file names is protected from --delete-missing, failed rows included.
    expect(state.named).toEqual(new Set(['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io']))
  })

  it.each([
    ['', 'u.csv is empty'],
    ['givenName,email\n', 'u.csv has no userName column (columns: givenName, email)'],
    ['userName,department\n', 'u.csv has an unknown column "department"'],
    ['userName,,email\n', 'u.csv has a column without a name (column 2)'],
    ['userName,email,EMAIL\n', 'u.csv: columns 2 and 3 both hold email'],
    ['userName\n"unclosed\n', 'u.csv line 2: not valid CSV'],
  ])('refuses the file %j as invalid input (exit 2)', (text, message) => {
    const error = refusal(() => readPushCsv(text, 'u.csv'))
    expect(error.exit).toBe(2)
    expect(error.message).toContain(message)
  })
})

describe('readPushJson', () => {
  it('reads Users and Groups; members by userName of the file, by id, by display or as strings', () => {
    const document = {
      Users: [
        {schemas: [USER], id: 'ignored', meta: {}, userName: ' alice ', active: 'False', groups: [{value: 'g'}]},
        {userName: 'bob', name: {givenName: 'Bob'}},
      ],
      Groups: [
        {
          schemas: [GROUP],
          displayName: 'Ops',
          externalId: 'okta-ops',
          members: [{value: 'ALICE'}, {value: 'diruser_1'}, {display: 'carol'}, 'dave'],
        },
      ],
    }
    const state = readPushJson(JSON.stringify(document), 'f.json')
    expect(state.problems).toEqual([])
    expect(state.users).toEqual([
      {at: 'Users[0]', userName: 'alice', active: false, resource: {schemas: [USER], userName: 'alice'}},
      {
        at: 'Users[1]',
        userName: 'bob',
        active: true,
        resource: {schemas: [USER], name: {givenName: 'Bob'}, userName: 'bob'},
      },
    ])
    expect(state.groups).toEqual([
      {
        at: 'Groups[0]',
        displayName: 'Ops',
        members: [{userName: 'ALICE'}, {id: 'diruser_1'}, {userName: 'carol'}, {userName: 'dave'}],
        resource: {schemas: [GROUP], externalId: 'okta-ops', displayName: 'Ops'},
      },
    ])
  })

  it('reads a ListResponse whose resources say their type by schema', () => {
    const document = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      Resources: [
        {schemas: [GROUP], displayName: 'Ops', members: [{value: 'amy'}]},
        {schemas: [USER], userName: 'amy'},
      ],
    }
    const state = readPushJson(JSON.stringify(document), 'f.json')
    expect(state.users.map((u) => u.at)).toEqual(['Resources[1]'])
    expect(state.groups[0]).toMatchObject({at: 'Resources[0]', members: [{userName: 'amy'}]})
  })

  it('reports resources that cannot be pushed and reads the others', () => {
    const document = {
      Users: ['x', {name: {}}, {userName: 'a', active: 'sometimes'}, {userName: 'b'}, {userName: 'B'}],
      Groups: [{displayName: 'G', members: [{type: 'User'}]}, {members: []}, {displayName: 'H', members: 'a'}],
    }
    const state = readPushJson(JSON.stringify(document), 'f.json')
    expect(state.users.map((u) => u.userName)).toEqual(['b'])
    expect(state.problems.map((p) => `${p.at}: ${p.message}`)).toEqual([
      'Users[0]: a User must be a JSON object',
      'Users[1]: userName is missing',
      'Users[2]: active "sometimes" is not true or false',
      'Users[4]: userName B is also at Users[3]',
      'Groups[0]: members[0] needs a "value" (a userName or a user\'s id) or a "display" (a userName)',
      'Groups[1]: displayName is missing',
      'Groups[2]: members must be an array',
    ])
  })

  it.each([
    ['{', 'f.json is not valid JSON'],
    ['[]', 'f.json is not a JSON object'],
    ['{"users": 3}', 'f.json: "Users" must be an array'],
    ['{"Members": []}', 'f.json has no "Users", "Groups" or "Resources" array'],
    ['{"Resources": [{"schemas": ["urn:x"]}]}', 'Resources[0] lists neither the User nor the Group schema'],
  ])('refuses %j as invalid input (exit 2)', (text, message) => {
    const error = refusal(() => readPushJson(text, 'f.json'))
    expect(error.exit).toBe(2)
    expect(error.message).toContain(message)
  })
})

describe('readPushFile', () => {
  it('reads .json as SCIM JSON, .csv as CSV, and sniffs other names', async () => {
    const dir = tempDir()
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text)
      return join(dir, name)
    }
    expect((await readPushFile(write('a.json', '{"Users": []}'))).format).toBe('scim-json')
    expect((await readPushFile(write('a.csv', 'userName\n'))).format).toBe('csv')
    expect((await readPushFile(write('a.txt', '\uFEFF {"Users": []}'))).format).toBe('scim-json')
    expect((await readPushFile(write('b.txt', 'userName\nx\n'))).format).toBe('csv')
    await expect(readPushFile(join(dir, 'missing.csv'))).rejects.toMatchObject({exit: 2})
  })
})
