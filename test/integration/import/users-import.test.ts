import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {type ErrorJson} from '../../helpers/resources.js'
import {emulatorSdk, newOrganization} from '../../helpers/sdk-fixtures.js'
import {tempDir} from '../../helpers/tmp.js'
import {runOnTerminal} from '../../helpers/tty.js'
import {csvFile, type ImportSummaryJson, mutatingCalls, storedMembers, syntheticUsers, total} from './support.js'

const emulator = useEmulator()
const members = (org: string) => storedMembers(emulator, org)

/** Users made in-process as syntheticUsers describes them (a fixture: what an earlier import would have left). */
async function seedUsers(org: string, count: number, prefix: string): Promise<void> {
  for (let i = 0; i < count; i++) {
    await emulatorSdk(emulator).user.createUserAndMembership(org, {
      email: `${prefix}-${i}@example.com`,
      externalId: `${prefix}-${i}`,
      userProfile: {firstName: `First${i}`, lastName: `Last${i}`},
    })
  }
}

const importJson = (args: string[], env: NodeJS.ProcessEnv) =>
  runJson<ImportSummaryJson>(['users', 'import', ...args, '--yes'], {env})

describe('skctl users import', () => {
  it('imports every valid row, reports every bad one with its line, and re-running creates nothing twice', async () => {
    const org = await newOrganization(emulator, 'Import Co', 'import-co')
    const env = emulator.env()
    const file = csvFile(
      [
        'email,first_name,last_name,external_id,roles,metadata.plan',
        'ada@import.test,Ada,Lovelace,crm-1,admin,pro',
        '"grace@import.test","Grace ""Amazing""","Hopper',
        'Jr",crm-2,,',
        'ADA@import.test ,Dup,,crm-3,,',
        'not-an-email,,,crm-4,,',
        'linus@import.test,Linus,,crm-5,nosuchrole,',
        '',
      ].join('\r\n'),
    )
    const report = tempDir()
    const first = await importJson([file, '--org', 'import-co', '--report', report], env)
    expect(first.code).toBe(5)
    expect(first.json.users).toEqual({created: 2, existing: 0, failed: 3, skipped: 0, updated: 0})
    expect(first.json.errors.map((e) => [e.line, e.code])).toEqual(
      expect.arrayContaining([
        [5, 'duplicate_email'],
        [6, 'invalid_email'],
        [7, 'unknown_role'],
      ]),
    )
    const imported = await members(org)
    expect(imported.map((u) => u.email).sort()).toEqual(['ada@import.test', 'grace@import.test'])
    const ada = imported.find((u) => u.email === 'ada@import.test')!
    expect(ada).toMatchObject({
      externalId: 'crm-1',
      metadata: {plan: 'pro'},
      userProfile: {givenName: 'Ada', familyName: 'Lovelace'},
    })
    expect(ada.memberships[0]!.roles.map((r) => r.name)).toEqual(['admin'])
    expect(imported.find((u) => u.email === 'grace@import.test')!.userProfile?.familyName).toBe('Hopper\r\nJr')

    const errors = readFileSync(join(report, 'errors.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as {line: number})
    expect(errors.map((e) => e.line).sort()).toEqual([5, 6, 7])
    const retry = readFileSync(join(report, 'retry.csv'), 'utf8').trim().split('\r\n')
    expect(retry[0]).toBe('email,first_name,last_name,email_verified,external_id,roles,organization,metadata')
    expect(retry).toHaveLength(4)
    const summary = JSON.parse(readFileSync(join(report, 'summary.json'), 'utf8')) as ImportSummaryJson
    expect(summary.users.created).toBe(2)

    // A second run (a new job: the first one finished) finds everyone and duplicates nothing.
    const again = await importJson([file, '--org', 'import-co'], env)
    expect(again.json.users).toEqual({created: 0, existing: 2, failed: 3, skipped: 0, updated: 0})
    expect(await members(org)).toHaveLength(2)
  })

  it('exits 0 when every row is created or already there, and --update-existing updates them', async () => {
    const org = await newOrganization(emulator, 'Update Co', 'update-co')
    const env = emulator.env()
    const created = await importJson([csvFile(syntheticUsers(5, 'upd')), '--org', org], env)
    expect(created.code).toBe(0)
    expect(created.json.users.created).toBe(5)
    const renamed = csvFile(syntheticUsers(5, 'upd').replaceAll('First', 'Renamed'))
    const updated = await importJson([renamed, '--org', org, '--update-existing'], env)
    expect(updated.code).toBe(0)
    expect(updated.json.users.updated).toBe(5)
    const names = (await members(org)).map((u) => u.userProfile?.givenName)
    expect(names.every((n) => n?.startsWith('Renamed'))).toBe(true)
  })

  it('--resume with no checkpoint imports from the beginning and says so; the next --resume repeats the summary', async () => {
    const org = await newOrganization(emulator, 'Retry Loop Co', 'retry-loop-co')
    const env = emulator.env()
    const file = csvFile(syntheticUsers(4, 'rty'))
    const first = await run(['users', 'import', file, '--org', org, '--resume', '--yes'], {env})
    expect(first.code).toBe(0)
    expect(first.stderr).toMatch(/No checkpoint of job \S+ was found, so the import ran from the beginning/)
    expect(first.stdout).toMatch(/4 created/)
    const again = await importJson([file, '--org', org, '--resume'], env)
    expect(again.code).toBe(0)
    expect(again.json.resumed).toBe(true)
    expect(again.json.users.created).toBe(4)
    const fresh = await importJson([csvFile(syntheticUsers(2, 'rty2')), '--org', org, '--resume'], env)
    expect(fresh.json.resumed).toBe(false)
    expect(fresh.json.users.created).toBe(2)
    expect(await members(org)).toHaveLength(6)
  })

  it('adds the missing membership of a user who exists in another organization', async () => {
    const home = await newOrganization(emulator, 'Home Co', 'home-co')
    const away = await newOrganization(emulator, 'Away Co', 'away-co')
    const env = emulator.env()
    await emulatorSdk(emulator).user.createUserAndMembership(home, {email: 'mover@import.test'})
    const moved = await importJson([csvFile('email,organization\nmover@import.test,home-co;away-co\n')], env)
    expect(moved.code).toBe(0)
    expect(moved.json.users.existing).toBe(1)
    expect(moved.json.membershipsAdded).toBe(1)
    expect((await members(away)).map((u) => u.email)).toEqual(['mover@import.test'])
    expect(await members(home)).toHaveLength(1)
  })

  it('--dry-run makes no mutating call and plans what a real run then does', async () => {
    const org = await newOrganization(emulator, 'Dry Co', 'dry-co')
    const env = emulator.env()
    await seedUsers(org, 3, 'dry-old')
    const file = csvFile(
      `${syntheticUsers(3, 'dry-old')}${syntheticUsers(4, 'dry-new').split('\n').slice(1).join('\n')}bad-email,,,\n`,
    )
    const before = await emulator.stats()
    const plan = await runJson<ImportSummaryJson>(['users', 'import', file, '--org', org, '--dry-run'], {env})
    const after = await emulator.stats()
    expect(mutatingCalls(after.rpc)).toBe(mutatingCalls(before.rpc))
    expect(plan.code).toBe(5)
    expect(plan.json).toMatchObject({dryRun: true, users: {created: 4, existing: 3, failed: 1}})
    const real = await importJson([file, '--org', org], env)
    expect(real.json.users).toMatchObject({created: 4, existing: 3, failed: 1})
  })

  it('refuses an unusable file with exit 2 before any call', async () => {
    const env = emulator.env()
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ['no-email.csv', 'name,first_name\nx,y\n', /no email column/],
      ['dup-header.csv', 'email,Email\na@b.co,c@d.co\n', /both hold email/],
      [
        'latin1.csv',
        Buffer.concat([Buffer.from('email,first_name\nzoe@x.co,Zo'), Buffer.from([0xeb]), Buffer.from('\n')]),
        /not UTF-8.*line 2/,
      ],
      ['utf16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('email\n', 'utf16le')]), /UTF-16/],
      ['empty.csv', '', /is empty/],
    ]
    for (const [name, content, message] of cases) {
      const path = join(tempDir(), name)
      writeFileSync(path, content)
      const before = await emulator.stats()
      const {code, json} = await runJson<ErrorJson>(
        ['users', 'import', path, '--org', 'org_10000000000000001', '--yes'],
        {env},
      )
      expect(code, name).toBe(2)
      expect(json.error.message).toMatch(message)
      expect(mutatingCalls((await emulator.stats()).rpc)).toBe(mutatingCalls(before.rpc))
    }
  })

  it('needs --yes without a terminal, and names the missing organization', async () => {
    const env = emulator.env()
    const file = csvFile(syntheticUsers(1, 'confirm'))
    const refused = await run(['users', 'import', file, '--org', 'org_10000000000000001'], {env})
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(/--yes/)
    const unknown = await runJson<ErrorJson>(['users', 'import', file, '--org', 'no-such-org', '--yes'], {env})
    expect(unknown.code).toBe(4)
    expect(unknown.json.error.message).toMatch(/no-such-org/)
  })

  it('writes the old-id → Scalekit-id mapping; the same import again repeats its summary, another is refused', async () => {
    const org = await newOrganization(emulator, 'Mapping Co', 'mapping-co')
    const env = emulator.env()
    const dir = tempDir()
    const mapping = join(dir, 'ids.csv')
    const file = csvFile(syntheticUsers(3, 'map'))
    const report = join(dir, 'report')
    expect((await importJson([file, '--org', org, '--mapping-out', mapping, '--report', report], env)).code).toBe(0)
    const lines = readFileSync(mapping, 'utf8').trim().split('\r\n')
    expect(lines[0]).toBe('type,external_id,scalekit_id,email')
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[1])
        .sort(),
    ).toEqual(['map-0', 'map-1', 'map-2'])
    expect(lines.slice(1).every((l) => /^user,map-\d,usr_\d+,map-\d@example\.com$/.test(l))).toBe(true)
    // The same import again repeats its summary and sends nothing; another import may not write into its reports.
    const before = mutatingCalls((await emulator.stats()).rpc)
    const again = await run(
      ['users', 'import', file, '--org', org, '--mapping-out', mapping, '--report', report, '--yes'],
      {env},
    )
    expect(again.code).toBe(0)
    expect(again.stderr).toMatch(/had already finished with these reports; nothing was sent again/)
    expect(again.stdout).toMatch(/3 created/)
    expect(mutatingCalls((await emulator.stats()).rpc)).toBe(before)
    expect(readFileSync(mapping, 'utf8').trim().split('\r\n')).toEqual(lines)
    const other = csvFile(syntheticUsers(2, 'map-other'))
    const refused = await runJson<ErrorJson>(
      ['users', 'import', other, '--org', org, '--mapping-out', mapping, '--yes'],
      {env},
    )
    expect(refused.code).toBe(2)
    expect(refused.json.error.message).toMatch(/already holds the report of another import/)
  })

  it('round-trips through users export, formula-looking cells included', async () => {
    const org = await newOrganization(emulator, 'Export Co', 'export-co')
    const env = emulator.env()
    const source = csvFile(
      'email,first_name,last_name,roles,metadata.note\nsum@export.test,=1+1,-5,admin,@cmd\nplain@export.test,Plain,Name,,\n',
    )
    expect((await importJson([source, '--org', org], env)).code).toBe(0)
    const out = join(tempDir(), 'users.csv')
    const noFile = await runJson<ErrorJson>(['users', 'export', '--org', org], {env})
    expect(noFile.code).toBe(2)
    expect(noFile.json.error.message).toMatch(/--output/)
    const exported = await runJson<{users: number}>(['users', 'export', '--org', org, '--output', out], {env})
    expect(exported.json.users).toBe(2)
    const text = readFileSync(out, 'utf8')
    expect(text).toContain(`'=1+1`)
    expect(text).toContain(`'-5`)
    expect(existsSync(`${out}.partial`)).toBe(false)

    // Delete the users, import the export: they come back as they were.
    const before = await members(org)
    for (const user of before) await emulatorSdk(emulator).user.deleteUser(user.id)
    const reimport = await importJson([out], env)
    expect(reimport.code).toBe(0)
    expect(reimport.json.users.created).toBe(2)
    const comparable = (users: typeof before) =>
      users
        .map(({email, externalId, memberships, metadata, userProfile}) => ({
          email,
          externalId,
          metadata,
          names: [userProfile?.givenName, userProfile?.familyName],
          roles: memberships.map((m) => [m.organizationId, m.roles.map((r) => r.name)]),
        }))
        .sort((a, b) => a.email.localeCompare(b.email))
    const after = await members(org)
    expect(comparable(after)).toEqual(comparable(before))
    expect(after.find((u) => u.email === 'sum@export.test')!.userProfile).toMatchObject({
      givenName: '=1+1',
      familyName: '-5',
    })

    const jsonl = join(tempDir(), 'users.jsonl')
    await run(['users', 'export', '--org', org, '--format', 'jsonl', '--output', jsonl], {env})
    const rows = readFileSync(jsonl, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as {email: string; roles: string[]})
    expect(rows.find((r) => r.email === 'sum@export.test')!.roles).toEqual(['admin'])
    const plan = await runJson<ImportSummaryJson>(['users', 'import', jsonl, '--org', org, '--dry-run'], {env})
    expect(plan.json.users).toMatchObject({existing: 2, failed: 0})
    expect(total(plan.json.users)).toBe(2)
  })

  it('at a terminal, asks before importing and draws progress on stderr', async () => {
    const org = await newOrganization(emulator, 'Terminal Co', 'terminal-co')
    // The status line is drawn as the import starts and redrawn every 250 ms: a few rows show it.
    const file = csvFile(syntheticUsers(30, 'tty'))
    const {code, screen} = await runOnTerminal(['users', 'import', file, '--org', org], emulator.env(), [
      {after: /Import 30 users from users\.csv into http:\/\/127\.0\.0\.1:\d+\?/, type: 'y\r'},
    ])
    expect(code).toBe(0)
    expect(screen).toMatch(/Imported \d+\/30 \(\d+%\) · [\d,]+\/s · ETA/)
    expect(screen).toMatch(/users: +30 created/)
  })
})
