import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {ScalekitClient} from '@scalekit-sdk/node'
import {beforeAll, describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {type ErrorJson, withoutCalls} from '../../helpers/resources.js'
import {tempDir} from '../../helpers/tmp.js'

const emulator = useEmulator()
let sdk: ScalekitClient

beforeAll(() => {
  sdk = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
})

interface SyncJson {
  applied: number
  changed: boolean
  changes: Array<Record<string, unknown>>
  dryRun: boolean
  organizationId: string
  results: Array<Record<string, unknown>>
  summary: Record<string, number>
}

/** An organization with members (default role), created in-process: only the sync itself goes through the CLI. */
async function organization(tag: string, members: string[]): Promise<string> {
  const {organization} = await sdk.organization.createOrganization(`Sync ${tag}`, {externalId: `sync-${tag}`})
  const id = organization!.id
  for (const email of members) await sdk.user.createUserAndMembership(id, {email})
  return id
}

/** The organization's members as email → role names. */
async function members(organizationId: string): Promise<Record<string, string[]>> {
  const {users} = await sdk.user.listOrganizationUsers(organizationId, {pageSize: 100})
  return Object.fromEntries(
    users.map((u) => [
      u.email,
      (u.memberships.find((m) => m.organizationId === organizationId)?.roles ?? []).map((r) => r.name),
    ]),
  )
}

function csv(text: string): string {
  const path = join(tempDir(), 'members.csv')
  writeFileSync(path, text)
  return path
}

describe('skctl memberships sync', () => {
  it('plans (exit 6), adds, changes a role and with --prune --yes removes; a second run is a no-op', async () => {
    const env = emulator.env()
    const org = await organization('full', ['keep@sync.co', 'old@sync.co'])
    await organization('elsewhere', ['other@sync.co'])
    const file = csv(
      'email,first_name,roles,organization\nKeep@sync.co,,admin,ignored-org\nother@sync.co,,member,\nfresh@sync.co,Fresh,admin;member,\n',
    )

    const planned = await runJson<SyncJson>(
      ['memberships', 'sync', '--org', 'sync-full', file, '--prune', '--dry-run'],
      {
        env,
      },
    )
    expect(planned.code).toBe(6)
    expect(planned.json).toMatchObject({
      applied: 0,
      changed: true,
      dryRun: true,
      organizationId: org,
      results: [],
      summary: {add: 2, changeRoles: 1, notListed: 1, remove: 1, unchanged: 0},
    })
    expect(planned.json.changes).toEqual([
      {action: 'add', email: 'other@sync.co', line: 3, roles: ['member']},
      {action: 'add', email: 'fresh@sync.co', line: 4, roles: ['admin', 'member']},
      expect.objectContaining({
        action: 'change_roles',
        email: 'keep@sync.co',
        from: ['member'],
        line: 2,
        to: ['admin'],
      }),
      expect.objectContaining({action: 'remove', email: 'old@sync.co', roles: ['member']}),
    ])
    expect(await members(org)).toEqual({'keep@sync.co': ['member'], 'old@sync.co': ['member']})

    const applied = await runJson<SyncJson>(['memberships', 'sync', '--org', org, file, '--prune', '--yes'], {env})
    expect(applied.code).toBe(0)
    expect(applied.json).toMatchObject({applied: 4, changed: true, dryRun: false})
    const byEmail = Object.fromEntries(applied.json.results.map((r) => [r.email, r]))
    expect(byEmail['fresh@sync.co']).toMatchObject({action: 'add', ok: true, userCreated: true})
    expect(byEmail['other@sync.co']).toMatchObject({action: 'add', ok: true, userCreated: false})
    expect(byEmail['keep@sync.co']).toMatchObject({action: 'change_roles', ok: true})
    expect(byEmail['old@sync.co']).toMatchObject({action: 'remove', ok: true})
    const after = await members(org)
    expect(after).toEqual({'fresh@sync.co': expect.any(Array), 'keep@sync.co': ['admin'], 'other@sync.co': ['member']})
    expect(after['fresh@sync.co']!.sort()).toEqual(['admin', 'member'])

    const again = await run(['memberships', 'sync', '--org', org, file, '--prune', '--yes'], {env})
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('No changes: the members match the file.')
    expect(again.stdout).toContain('3 members already as listed.')
    const check = await run(['memberships', 'sync', '--org', org, file, '--prune', '--dry-run'], {env})
    expect(check.code).toBe(0)
  })

  it('without --prune keeps unlisted members; --prune without --yes in a script is exit 2 before any change', async () => {
    const env = emulator.env()
    const org = await organization('script', ['stay@sync.co', 'gone@sync.co'])
    const file = csv('email,roles\nstay@sync.co,admin\nnew@sync.co,\n')
    const refused = await run(['memberships', 'sync', '--org', org, file, '--prune'], {env})
    expect(refused.code).toBe(2)
    expect(refused.stdout).toContain('- remove gone@sync.co (member)')
    expect(refused.stderr).toContain('Remove 1 member from')
    expect(refused.stderr).toContain('Hint: pass --yes to confirm')
    expect(await members(org)).toEqual({'gone@sync.co': ['member'], 'stay@sync.co': ['member']})

    const kept = await run(['memberships', 'sync', '--org', org, file], {env})
    expect(kept.code).toBe(0)
    expect(kept.stdout).toContain('1 member not in the file kept (pass --prune to remove them).')
    expect(await members(org)).toEqual({
      'gone@sync.co': ['member'],
      'new@sync.co': ['member'],
      'stay@sync.co': ['admin'],
    })
  })

  it('a change that fails is reported and the rest applied: exit 5', async () => {
    const env = emulator.env()
    const home = await organization('taken', [])
    await sdk.user.createUserAndMembership(home, {email: 'owner@sync.co', externalId: 'ext-taken'})
    const org = await organization('partial', [])
    // The external id belongs to another user: that add cannot be done; the other can.
    const file = csv('email,external_id,roles\nclash@sync.co,ext-taken,member\nfine@sync.co,,admin\n')
    const partial = await runJson<SyncJson>(['memberships', 'sync', '--org', org, file], {env})
    expect(partial.code).toBe(5)
    expect(partial.json.applied).toBe(1)
    expect(partial.json.results).toContainEqual({
      action: 'add',
      code: 'already_exists',
      email: 'clash@sync.co',
      message: expect.stringContaining('external_id ext-taken belongs to owner@sync.co'),
      ok: false,
    })
    expect(await members(org)).toEqual({'fine@sync.co': ['admin']})
  })

  it('refuses a bad file with exit 2, naming every bad line, before any change', async () => {
    const env = emulator.env()
    const org = await organization('bad', ['one@sync.co'])
    const noEmail = await withoutCalls(emulator, () =>
      run(['memberships', 'sync', '--org', org, csv('mail,roles\na@sync.co,admin\n')], {env}),
    )
    expect(noEmail.code).toBe(2)
    expect(noEmail.stderr).toContain('Error: members.csv has no email column (columns: mail, roles)')
    expect(noEmail.stderr).not.toContain('--map')

    const rows = 'email,roles\na@sync.co,admin\nb@sync.co\nA@SYNC.co,member\nnot-an-email,admin\n'
    const bad = await withoutCalls(emulator, () =>
      runJson<ErrorJson>(['memberships', 'sync', '--org', org, csv(rows)], {env}),
    )
    expect(bad.code).toBe(2)
    expect(bad.json.error.code).toBe('invalid_input')
    expect(bad.json.error.message.split('\n')).toEqual([
      'members.csv has 3 bad rows; nothing was changed:',
      '  members.csv line 3: the row has 1 field; the header has 2',
      '  members.csv line 4: A@SYNC.co is listed again (first on line 2)',
      '  members.csv line 5: "not-an-email" is not a valid email address',
    ])

    const unknownRole = await run(
      ['memberships', 'sync', '--org', org, csv('email,roles\nnew@sync.co,member\nx@sync.co,ghost;admin\n'), '--prune'],
      {env},
    )
    expect(unknownRole.code).toBe(2)
    expect(unknownRole.stderr).toContain(
      'members.csv line 3: role "ghost" exists neither in the environment nor in the organization',
    )
    expect(await members(org)).toEqual({'one@sync.co': ['member']})
  })
})
