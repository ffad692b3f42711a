import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization, type ErrorJson, withoutCalls} from '../../helpers/resources.js'
import {scimClient, scimGroup, scimUser} from '../../helpers/scim.js'

const emulator = useEmulator()
const env = () => emulator.env()

interface Directory {
  directoryEndpoint: string
  directoryProvider: string
  directoryType: string
  enabled: boolean
  id: string
  organizationId: string
  secrets: Array<{secretSuffix: string; status: string}>
  status: string
  totalGroups: number
  totalUsers: number
}
interface Issued {
  directoryId: string
  endpoint: string
  organizationId: string
  replaced: boolean
  secret: {secretSuffix: string; status: string}
  token: string
}
interface DirectoryUser {
  groups: Array<{displayName: string; id: string}>
  id: string
  preferredUsername: string
  updatedAt: string
  userDetail?: {active: boolean; preferred_username: string}
}

async function newDirectory(externalId: string) {
  const org = await createOrganization(emulator, `${externalId} Inc`, externalId)
  const {code, json, stderr} = await runJson<Directory>(
    ['directories', 'create', '--org', externalId, '--provider', 'okta'],
    {env: env()},
  )
  expect(code).toBe(0)
  expect(stderr).toBe('')
  return {directory: json, org}
}

describe('skctl directories', () => {
  it('creates, lists, shows, disables and enables a directory by organization id or external id', async () => {
    const {directory, org} = await newDirectory('dir-list')
    expect(directory).toMatchObject({
      directoryProvider: 'OKTA',
      directoryType: 'SCIM',
      enabled: true,
      organizationId: org,
      status: 'DRAFT',
      directoryEndpoint: `${emulator.url}/directory/${directory.id}/scim/v2`,
    })
    const listed = await runJson<{directories: Directory[]; truncated: boolean}>(
      ['directories', 'list', '--org', org],
      {
        env: env(),
      },
    )
    expect(listed.json).toMatchObject({directories: [{id: directory.id}], truncated: false})
    const table = await run(['directories', 'list', '--org', 'dir-list'], {env: env()})
    expect(table.stdout).toMatch(/^ID\s+TYPE\s+PROVIDER\s+STATUS\s+ENABLED\s+USERS\s+GROUPS\s+LAST SYNC$/m)
    expect(table.stdout).toMatch(new RegExp(`^${directory.id}\\s+SCIM\\s+okta\\s+draft\\s+yes\\s+0\\s+0$`, 'm'))
    const shown = await run(['directories', 'get', '--org', 'dir-list', directory.id], {env: env()})
    expect(shown.code).toBe(0)
    expect(shown.stdout).toMatch(new RegExp(`^scim endpoint\\s+${directory.directoryEndpoint}$`, 'm'))
    expect(shown.stdout).toMatch(/^bearer secret\s+none$/m)

    const disabled = await run(['directories', 'disable', '--org', 'dir-list', directory.id], {env: env()})
    expect(disabled).toMatchObject({code: 0, stdout: `Directory ${directory.id} is disabled.\n`})
    const enabled = await runJson(['directories', 'enable', '--org', org, directory.id], {env: env()})
    expect(enabled.json).toEqual({enabled: true, id: directory.id, organizationId: org})
  })

  it('prints the bearer secret once; replacing it needs --yes; the secret provisions users', async () => {
    const {directory} = await newDirectory('dir-secret')
    const first = await run(['directories', 'secret', '--org', 'dir-secret', directory.id], {env: env()})
    expect(first.code).toBe(0)
    const token = /^bearer token\s+(\S+)$/m.exec(first.stdout)?.[1]
    expect(token).toMatch(/^scim_/)
    expect(first.stdout).toMatch(new RegExp(`^scim endpoint\\s+${directory.directoryEndpoint}$`, 'm'))
    expect(first.stderr).toBe('Shown once: give it to the identity provider now.\n')

    const shown = await run(['directories', 'get', '--org', 'dir-secret', directory.id], {env: env()})
    expect(shown.stdout).toMatch(new RegExp(`^bearer secret\\s+…${token!.slice(-4)} \\(created `, 'm'))
    expect(shown.stdout).not.toContain(token)

    const refused = await runJson<ErrorJson>(['directories', 'secret', '--org', 'dir-secret', directory.id], {
      env: env(),
    })
    expect(refused.code).toBe(2)
    expect(refused.json.error.hint).toBe('pass --yes to confirm')

    const replaced = await runJson<Issued>(['directories', 'secret', '--org', 'dir-secret', directory.id, '--yes'], {
      env: env(),
    })
    expect(replaced.code).toBe(0)
    expect(replaced.json).toMatchObject({
      directoryId: directory.id,
      endpoint: directory.directoryEndpoint,
      replaced: true,
      secret: {status: 'ACTIVE', secretSuffix: replaced.json.token.slice(-4)},
    })
    const scim = scimClient(replaced.json.endpoint, replaced.json.token)
    expect((await scim('GET', '/Users')).status).toBe(200)
    expect((await scimClient(directory.directoryEndpoint, token!)('GET', '/Users')).status).toBe(401)
  })

  it('lists directory users and groups, filtered by group and update time', async () => {
    const {directory} = await newDirectory('dir-users')
    const issued = await runJson<Issued>(['directories', 'secret', '--org', 'dir-users', directory.id], {env: env()})
    const scim = scimClient(issued.json.endpoint, issued.json.token)
    const ids: string[] = []
    for (const name of ['amy', 'ben', 'cy']) {
      ids.push((await scim<{id: string}>('POST', '/Users', scimUser(`${name}@users.example`))).body.id)
    }
    const group = (await scim<{id: string}>('POST', '/Groups', scimGroup('Support', [ids[1]!]))).body

    const all = await runJson<{totalSize: number; users: DirectoryUser[]}>(
      ['directories', 'users', '--org', 'dir-users', directory.id, '--detail'],
      {env: env()},
    )
    expect(all.json.totalSize).toBe(3)
    expect(all.json.users.map((user) => user.id)).toEqual(ids)
    expect(all.json.users[1]).toMatchObject({
      groups: [{displayName: 'Support', id: group.id}],
      preferredUsername: 'ben@users.example',
      userDetail: {active: true, preferred_username: 'ben@users.example'},
    })

    const members = await run(['directories', 'users', '--org', 'dir-users', directory.id, '--group', group.id], {
      env: env(),
    })
    expect(members.stdout).toMatch(/^ID\s+USERNAME\s+EMAIL\s+NAME\s+GROUPS\s+UPDATED$/m)
    expect(members.stdout).toMatch(
      new RegExp(`^${ids[1]}\\s+ben@users.example\\s+ben@users.example\\s+ben Tester\\s+Support\\s`, 'm'),
    )
    expect(members.stdout).not.toContain(ids[0])

    const newest = all.json.users
      .map((user) => user.updatedAt)
      .sort()
      .at(-1)!
    const later = await runJson<{users: DirectoryUser[]}>(
      ['directories', 'users', '--org', 'dir-users', directory.id, '--updated-after', newest],
      {env: env()},
    )
    expect(later.json.users).toEqual([])

    const groups = await run(['directories', 'groups', '--org', 'dir-users', directory.id], {env: env()})
    expect(groups.stdout).toMatch(/^ID\s+NAME\s+USERS\s+UPDATED$/m)
    expect(groups.stdout).toMatch(new RegExp(`^${group.id}\\s+Support\\s+1\\s`, 'm'))
    const noGroups = await run(
      ['directories', 'groups', '--org', 'dir-users', directory.id, '--updated-after', '2999-01-01'],
      {env: env()},
    )
    expect(noGroups).toMatchObject({code: 0, stdout: '', stderr: 'No directory groups.\n'})
  })

  it('exits 4 for an unknown organization or directory and 2 for a bad --updated-after', async () => {
    await createOrganization(emulator, 'Dir Errors Inc', 'dir-errors')
    const noOrg = await runJson<ErrorJson>(['directories', 'list', '--org', 'no-such-org'], {env: env()})
    expect(noOrg.code).toBe(4)
    const noDirectory = await runJson<ErrorJson>(
      ['directories', 'get', '--org', 'dir-errors', 'dir_10000000000000404'],
      {env: env()},
    )
    expect(noDirectory.code).toBe(4)
    expect(noDirectory.json.error).toMatchObject({
      code: 'not_found',
      message: 'directory dir_10000000000000404 not found',
    })
    const badTime = await withoutCalls(emulator, () =>
      runJson<ErrorJson>(
        ['directories', 'users', '--org', 'dir-errors', 'dir_10000000000000404', '--updated-after', 'yesterday'],
        {env: env()},
      ),
    )
    expect(badTime.code).toBe(2)
    expect(badTime.json.error).toMatchObject({code: 'invalid_input', message: '"yesterday" is not an ISO 8601 time'})
    const badProvider = await run(['directories', 'create', '--org', 'dir-errors', '--provider', 'myspace'], {
      env: env(),
    })
    expect(badProvider.code).toBe(2)
  })
})
