import {
  DirectoryProvider,
  DirectoryService,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {afterEach, beforeAll, describe, expect, it} from 'vitest'
import type {EmulatorEvent} from '../../../src/emulator/events/bus.js'
import {
  ERROR_SCHEMA,
  GROUP_SCHEMA,
  patchOps,
  scim,
  scimClient,
  scimGroup,
  scimUser,
  USER_SCHEMA,
} from '../../helpers/scim.js'
import {clientToken, grpcClient, rawRequest, useSdkEmulator} from './support.js'

const ctx = useSdkEmulator()

interface Directory {
  org: string
  id: string
  endpoint: string
  token: string
  request: ReturnType<typeof scimClient>
}
interface ScimUser {
  id: string
  userName: string
  active: boolean
  name?: {givenName?: string; familyName?: string}
  emails?: Array<{value: string; type?: string; primary?: boolean}>
  groups?: Array<{value: string; display: string}>
  meta: {resourceType: string; location: string; created: string; lastModified: string}
  [key: string]: unknown
}
interface ScimGroup {
  id: string
  displayName: string
  members?: Array<{value: string; display: string}>
  meta: {location: string}
}
interface ListResponse<T> {
  schemas: string[]
  totalResults: number
  startIndex: number
  itemsPerPage: number
  Resources: T[]
}
interface ScimErrorBody {
  schemas: string[]
  status: string
  scimType?: string
  detail: string
}

let dir: Directory
let rpc: ReturnType<typeof grpcClient<typeof DirectoryService>>

async function newDirectory(name: string): Promise<Directory> {
  const org = (await ctx.client.organization.createOrganization(name)).organization!.id
  const {directory} = await ctx.client.directory.createDirectory(org, {
    directoryType: DirectoryType.SCIM,
    directoryProvider: DirectoryProvider.OKTA,
  } as Parameters<typeof ctx.client.directory.createDirectory>[1])
  const {plainSecret} = await rpc.createDirectorySecret({organizationId: org, directoryId: directory!.id})
  const endpoint = directory!.directoryEndpoint
  return {org, id: directory!.id, endpoint, token: plainSecret, request: scimClient(endpoint, plainSecret)}
}

beforeAll(async () => {
  rpc = grpcClient(DirectoryService, ctx.emulator.url, await clientToken(ctx.emulator.url))
  dir = await newDirectory('SCIM Co')
})

const events: EmulatorEvent[] = []
const startRecording = () => ctx.emulator.events.subscribe((event) => events.push(event))
let stopRecording: (() => void) | undefined
afterEach(() => {
  stopRecording?.()
  events.length = 0
})
/** Runs `work` and returns the event types it raised, in order. */
async function eventsOf(work: () => Promise<unknown>): Promise<EmulatorEvent[]> {
  stopRecording?.()
  events.length = 0
  stopRecording = startRecording()
  await work()
  return [...events]
}

const types = (raised: EmulatorEvent[]) => raised.map((event) => event.type)

async function createUser(userName: string, extra: Record<string, unknown> = {}): Promise<ScimUser> {
  const {status, body} = await dir.request<ScimUser>('POST', '/Users', scimUser(userName, extra))
  expect(status).toBe(201)
  return body
}

describe('SCIM authentication', () => {
  it('answers 401 in SCIM error format without a valid bearer secret of this directory', async () => {
    const other = await newDirectory('Other SCIM Co')
    const cases = [
      {token: undefined, endpoint: dir.endpoint},
      {token: 'scim_wrong', endpoint: dir.endpoint},
      {token: other.token, endpoint: dir.endpoint},
      {token: dir.token, endpoint: dir.endpoint.replace(dir.id, 'dir_10000000000000099')},
    ]
    for (const {token, endpoint} of cases) {
      const response = await scim<ScimErrorBody>(endpoint, token, 'GET', '/Users')
      expect(response.status).toBe(401)
      expect(response.headers.get('content-type')).toBe('application/scim+json')
      expect(response.headers.get('www-authenticate')).toBe('Bearer realm="SCIM"')
      expect(response.body).toMatchObject({schemas: [ERROR_SCHEMA], status: '401'})
    }
    const noHeader = await scim<ScimErrorBody>(dir.endpoint, undefined, 'GET', '/Users')
    expect(noHeader.body.detail).toBe('missing bearer token: send Authorization: Bearer <directory secret>')
  })

  it('refuses provisioning with 403 while the directory is disabled', async () => {
    await ctx.client.directory.disableDirectory(dir.org, dir.id)
    try {
      const refused = await dir.request<ScimErrorBody>('POST', '/Users', scimUser('blocked@scim.example'))
      expect(refused).toMatchObject({
        status: 403,
        body: {
          status: '403',
          detail: `directory ${dir.id} is disabled: it accepts no provisioning until it is enabled`,
        },
      })
    } finally {
      await ctx.client.directory.enableDirectory(dir.org, dir.id)
    }
    expect((await dir.request('GET', '/Users?filter=userName eq "blocked@scim.example"')).body).toMatchObject({
      totalResults: 0,
    })
  })

  it('keeps the host check: a foreign Host header is refused', async () => {
    const {pathname} = new URL(dir.endpoint)
    const response = await rawRequest(ctx.emulator.url, {
      path: `${pathname}/Users`,
      headers: {host: 'evil.example', authorization: `Bearer ${dir.token}`},
    })
    expect(response.status).toBe(403)
  })
})

describe('SCIM Users', () => {
  it('creates a user, maps it to a directory user and raises user_created', async () => {
    let user!: ScimUser
    let location: string | null = null
    const raised = await eventsOf(async () => {
      const response = await dir.request<ScimUser>(
        'POST',
        '/Users',
        scimUser('ada@scim.example', {
          externalId: '00u1ada',
          name: {givenName: 'Ada', familyName: 'Lovelace'},
          emails: [
            {value: 'ada.home@scim.example', type: 'home'},
            {value: 'ada@scim.example', type: 'work', primary: true},
          ],
          title: 'Engineer',
          'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {department: 'R&D'},
        }),
      )
      expect(response.status).toBe(201)
      expect(response.headers.get('content-type')).toBe('application/scim+json')
      user = response.body
      location = response.headers.get('location')
    })
    expect(user.id).toMatch(/^diruser_\d{17}$/)
    expect(location).toBe(`${dir.endpoint}/Users/${user.id}`)
    expect(user).toMatchObject({
      schemas: [USER_SCHEMA],
      userName: 'ada@scim.example',
      externalId: '00u1ada',
      active: true,
      meta: {resourceType: 'User', location: `${dir.endpoint}/Users/${user.id}`},
    })
    expect(types(raised)).toEqual(['organization.directory.user_created'])
    expect(raised[0]).toMatchObject({
      object: 'DirectoryUser',
      organizationId: dir.org,
      data: {
        id: user.id,
        organization_id: dir.org,
        directory_id: dir.id,
        dp_id: '00u1ada',
        preferred_username: 'ada@scim.example',
        email: 'ada@scim.example',
        active: true,
        name: 'Ada Lovelace',
        given_name: 'Ada',
        family_name: 'Lovelace',
        groups: [],
        roles: [],
        title: 'Engineer',
        department: 'R&D',
      },
    })
    expect((await dir.request<ScimUser>('GET', `/Users/${user.id}`)).body).toEqual(user)
  })

  it('refuses a duplicate userName (any case) with 409 uniqueness and raises nothing', async () => {
    await createUser('grace@scim.example')
    let response!: Awaited<ReturnType<typeof dir.request<ScimErrorBody>>>
    const raised = await eventsOf(async () => {
      response = await dir.request<ScimErrorBody>('POST', '/Users', scimUser('GRACE@scim.example'))
    })
    expect(response.status).toBe(409)
    expect(response.body).toEqual({
      schemas: [ERROR_SCHEMA],
      status: '409',
      scimType: 'uniqueness',
      detail: 'userName GRACE@scim.example is already taken in this directory',
    })
    expect(raised).toEqual([])
  })

  it('finds users by userName (any case) and externalId (exact), and pages with startIndex and count', async () => {
    const page = await newDirectory('Paging SCIM Co')
    const created: string[] = []
    for (let i = 1; i <= 5; i++) {
      const {body} = await page.request<ScimUser>(
        'POST',
        '/Users',
        scimUser(`p${i}@page.example`, {externalId: `ext-${i}`}),
      )
      created.push(body.id)
    }
    const byName = await page.request<ListResponse<ScimUser>>(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "P3@PAGE.example"')}`,
    )
    expect(byName.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 1,
    })
    expect(byName.body.Resources.map((u) => u.id)).toEqual([created[2]])
    const byExternal = await page.request<ListResponse<ScimUser>>(
      'GET',
      `/Users?filter=${encodeURIComponent('externalId eq "ext-4"')}`,
    )
    expect(byExternal.body.Resources.map((u) => u.id)).toEqual([created[3]])
    const wrongCase = await page.request<ListResponse<ScimUser>>(
      'GET',
      `/Users?filter=${encodeURIComponent('externalId eq "EXT-4"')}`,
    )
    expect(wrongCase.body.totalResults).toBe(0)
    const compound = await page.request<ListResponse<ScimUser>>(
      'GET',
      `/Users?filter=${encodeURIComponent('emails[type eq "work" and value sw "p1@"] or userName ew "5@page.example"')}`,
    )
    expect(compound.body.Resources.map((u) => u.id)).toEqual([created[0], created[4]])

    const second = await page.request<ListResponse<ScimUser>>('GET', '/Users?startIndex=3&count=2')
    expect(second.body).toMatchObject({totalResults: 5, startIndex: 3, itemsPerPage: 2})
    expect(second.body.Resources.map((u) => u.id)).toEqual(created.slice(2, 4))
    const countOnly = await page.request<ListResponse<ScimUser>>('GET', '/Users?count=0')
    expect(countOnly.body).toMatchObject({totalResults: 5, itemsPerPage: 0, Resources: []})

    const invalid = await page.request<ScimErrorBody>('GET', `/Users?filter=${encodeURIComponent('userName eq')}`)
    expect(invalid).toMatchObject({status: 400, body: {status: '400', scimType: 'invalidFilter'}})
  })

  it('replaces a user with PUT; an identical PUT changes nothing', async () => {
    const user = await createUser('put@scim.example')
    const replacement = scimUser('put@scim.example', {name: {givenName: 'Putty', familyName: 'Replaced'}})
    let body!: ScimUser
    const raised = await eventsOf(async () => {
      body = (await dir.request<ScimUser>('PUT', `/Users/${user.id}`, {...replacement, id: user.id})).body
    })
    expect(body).toMatchObject({id: user.id, name: {givenName: 'Putty', familyName: 'Replaced'}})
    expect(types(raised)).toEqual(['organization.directory.user_updated'])
    expect(raised[0]!.data).toMatchObject({given_name: 'Putty', family_name: 'Replaced'})
    const again = await eventsOf(() => dir.request('PUT', `/Users/${user.id}`, replacement))
    expect(again).toEqual([])
  })

  it('applies PATCH operations as Okta and Entra ID send them', async () => {
    const user = await createUser('patch@scim.example')
    // Okta deactivates with a path-less replace.
    const deactivated = await eventsOf(async () => {
      const {body} = await dir.request<ScimUser>(
        'PATCH',
        `/Users/${user.id}`,
        patchOps({op: 'replace', value: {active: false}}),
      )
      expect(body.active).toBe(false)
    })
    expect(types(deactivated)).toEqual(['organization.directory.user_updated'])
    expect(deactivated[0]!.data).toMatchObject({id: user.id, active: false})

    // Entra ID: capitalised ops, booleans as strings, filtered paths, schema-qualified extension attributes.
    const {status, body} = await dir.request<ScimUser>(
      'PATCH',
      `/Users/${user.id}`,
      patchOps(
        {op: 'Replace', path: 'active', value: 'True'},
        {op: 'Replace', path: 'emails[type eq "work"].value', value: 'patched@scim.example'},
        {op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 0100'},
        {op: 'Add', path: 'name.givenName', value: 'Pat'},
        {op: 'Replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', value: 'Ops'},
        {op: 'Remove', path: 'name.familyName'},
      ),
    )
    expect(status).toBe(200)
    expect(body).toMatchObject({
      active: true,
      emails: [{value: 'patched@scim.example', type: 'work', primary: true}],
      phoneNumbers: [{type: 'mobile', value: '+1 555 0100'}],
      name: {givenName: 'Pat'},
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': {department: 'Ops'},
    })
    expect(body.name).not.toHaveProperty('familyName')

    const noop = await eventsOf(() =>
      dir.request('PATCH', `/Users/${user.id}`, patchOps({op: 'replace', path: 'active', value: true})),
    )
    expect(noop).toEqual([])
    const badOp = await dir.request<ScimErrorBody>('PATCH', `/Users/${user.id}`, patchOps({op: 'move', path: 'active'}))
    expect(badOp).toMatchObject({status: 400, body: {scimType: 'invalidSyntax'}})
    const noTarget = await dir.request<ScimErrorBody>('PATCH', `/Users/${user.id}`, patchOps({op: 'remove'}))
    expect(noTarget).toMatchObject({status: 400, body: {scimType: 'noTarget'}})
  })

  it('deletes a user: 204, user_deleted, then 404', async () => {
    const user = await createUser('gone@scim.example', {externalId: '00ugone'})
    const raised = await eventsOf(async () => {
      const response = await dir.request('DELETE', `/Users/${user.id}`)
      expect(response.status).toBe(204)
    })
    expect(types(raised)).toEqual(['organization.directory.user_deleted'])
    expect(raised[0]!.data).toEqual({
      id: user.id,
      organization_id: dir.org,
      directory_id: dir.id,
      dp_id: '00ugone',
      email: 'gone@scim.example',
    })
    const missing = await dir.request<ScimErrorBody>('GET', `/Users/${user.id}`)
    expect(missing).toMatchObject({
      status: 404,
      body: {schemas: [ERROR_SCHEMA], status: '404', detail: `User ${user.id} not found`},
    })
  })

  it('answers malformed requests with SCIM errors', async () => {
    const badJson = await scim<ScimErrorBody>(dir.endpoint, dir.token, 'POST', '/Users', '{"userName":')
    expect(badJson).toMatchObject({status: 400, body: {scimType: 'invalidSyntax'}})
    const noSchema = await dir.request<ScimErrorBody>('POST', '/Users', {userName: 'x@scim.example'})
    expect(noSchema).toMatchObject({status: 400, body: {scimType: 'invalidSyntax'}})
    const noUserName = await dir.request<ScimErrorBody>('POST', '/Users', {schemas: [USER_SCHEMA]})
    expect(noUserName).toMatchObject({status: 400, body: {scimType: 'invalidValue', detail: 'userName is required'}})
    const method = await dir.request<ScimErrorBody>('DELETE', '/Users')
    expect(method).toMatchObject({status: 405, body: {status: '405'}})
    const unknown = await dir.request<ScimErrorBody>('GET', '/Widgets')
    expect(unknown).toMatchObject({status: 404, body: {status: '404'}})
  })
})

describe('SCIM Groups', () => {
  it('creates groups with members, raising group_created and user_updated for each member', async () => {
    const ann = await createUser('ann@groups.example')
    const bob = await createUser('bob@groups.example')
    let group!: ScimGroup
    const raised = await eventsOf(async () => {
      const response = await dir.request<ScimGroup>(
        'POST',
        '/Groups',
        scimGroup('Admins', [ann.id, bob.id], {externalId: 'g-1'}),
      )
      expect(response.status).toBe(201)
      group = response.body
    })
    expect(group.id).toMatch(/^dirgroup_\d{17}$/)
    expect(group.members).toEqual([
      {value: ann.id, display: 'ann@groups.example', $ref: `${dir.endpoint}/Users/${ann.id}`},
      {value: bob.id, display: 'bob@groups.example', $ref: `${dir.endpoint}/Users/${bob.id}`},
    ])
    expect(types(raised)).toEqual([
      'organization.directory.group_created',
      'organization.directory.user_updated',
      'organization.directory.user_updated',
    ])
    expect(raised[0]).toMatchObject({
      object: 'DirectoryGroup',
      data: {id: group.id, directory_id: dir.id, display_name: 'Admins', external_id: 'g-1', organization_id: dir.org},
    })
    expect(raised[1]!.data).toMatchObject({id: ann.id, groups: [{id: group.id, name: 'Admins'}]})
    const read = await dir.request<ScimUser>('GET', `/Users/${ann.id}`)
    expect(read.body.groups).toEqual([{value: group.id, display: 'Admins', $ref: `${dir.endpoint}/Groups/${group.id}`}])

    const found = await dir.request<ListResponse<ScimGroup>>(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "admins"')}&excludedAttributes=members`,
    )
    expect(found.body.totalResults).toBe(1)
    expect(found.body.Resources[0]).toMatchObject({id: group.id, schemas: [GROUP_SCHEMA]})
    expect(found.body.Resources[0]).not.toHaveProperty('members')
    const byExternalId = await dir.request<ListResponse<ScimGroup>>(
      'GET',
      `/Groups?filter=${encodeURIComponent('externalId eq "g-1"')}`,
    )
    expect(byExternalId.body.Resources.map((g) => g.id)).toEqual([group.id])

    const duplicate = await dir.request<ScimErrorBody>('POST', '/Groups', scimGroup('ADMINS'))
    expect(duplicate).toMatchObject({status: 409, body: {scimType: 'uniqueness', status: '409'}})
    const stranger = await dir.request<ScimErrorBody>(
      'POST',
      '/Groups',
      scimGroup('Strangers', ['diruser_10000000000000001']),
    )
    expect(stranger).toMatchObject({status: 400, body: {scimType: 'invalidValue'}})
  })

  it('changes membership with PATCH the Okta way and the Entra ID way', async () => {
    const [cat, dan, eve] = await Promise.all(
      ['cat', 'dan', 'eve'].map((name) => createUser(`${name}@members.example`)),
    )
    const {body: group} = await dir.request<ScimGroup>('POST', '/Groups', scimGroup('Members', [cat!.id]))
    const path = `/Groups/${group.id}`

    const added = await eventsOf(() =>
      dir.request('PATCH', path, patchOps({op: 'Add', path: 'members', value: [{value: dan!.id}, {value: eve!.id}]})),
    )
    expect(types(added)).toEqual([
      'organization.directory.group_updated',
      'organization.directory.user_updated',
      'organization.directory.user_updated',
    ])
    expect(added.slice(1).map((event) => event.data.id)).toEqual([dan!.id, eve!.id])

    // Okta removes one member with a value filter in the path.
    const oktaRemove = await eventsOf(() =>
      dir.request('PATCH', path, patchOps({op: 'remove', path: `members[value eq "${cat!.id}"]`})),
    )
    expect(oktaRemove.map((event) => event.data.id)).toEqual([group.id, cat!.id])
    expect(oktaRemove[1]!.data.groups).toEqual([])

    // Entra ID lists the members to remove in the value.
    await dir.request('PATCH', path, patchOps({op: 'Remove', path: 'members', value: [{value: dan!.id}]}))
    // Okta renames with a path-less replace that echoes the id back.
    const {body: renamed} = await dir.request<ScimGroup>(
      'PATCH',
      path,
      patchOps({op: 'replace', value: {id: group.id, displayName: 'Members Renamed'}}),
    )
    expect(renamed.displayName).toBe('Members Renamed')
    expect(renamed.members?.map((member) => member.value)).toEqual([eve!.id])

    const replaced = await dir.request<ScimGroup>('PUT', path, scimGroup('Members Renamed', [cat!.id]))
    expect(replaced.body.members?.map((member) => member.value)).toEqual([cat!.id])
  })

  it('deleting a group raises group_deleted and user_updated for its members; deleting a member updates its groups', async () => {
    const fay = await createUser('fay@delete.example')
    const gus = await createUser('gus@delete.example')
    const {body: keep} = await dir.request<ScimGroup>('POST', '/Groups', scimGroup('Keepers', [fay.id, gus.id]))
    const {body: doomed} = await dir.request<ScimGroup>(
      'POST',
      '/Groups',
      scimGroup('Doomed', [fay.id], {externalId: 'ext-doomed'}),
    )

    const groupGone = await eventsOf(async () => {
      expect((await dir.request('DELETE', `/Groups/${doomed.id}`)).status).toBe(204)
    })
    expect(types(groupGone)).toEqual(['organization.directory.group_deleted', 'organization.directory.user_updated'])
    expect(groupGone[0]!.data).toMatchObject({id: doomed.id, dp_id: 'ext-doomed', display_name: 'Doomed'})
    expect(groupGone[1]!.data).toMatchObject({id: fay.id, groups: [{id: keep.id, name: 'Keepers'}]})

    const userGone = await eventsOf(() => dir.request('DELETE', `/Users/${gus.id}`))
    expect(types(userGone)).toEqual(['organization.directory.user_deleted', 'organization.directory.group_updated'])
    const {body: kept} = await dir.request<ScimGroup>('GET', `/Groups/${keep.id}`)
    expect(kept.members?.map((member) => member.value)).toEqual([fay.id])
  })
})

describe('SCIM discovery', () => {
  it('describes the service provider, resource types and schemas', async () => {
    const config = await dir.request<{
      patch: {supported: boolean}
      bulk: {supported: boolean}
      filter: {supported: boolean}
    }>('GET', '/ServiceProviderConfig')
    expect(config.body).toMatchObject({patch: {supported: true}, bulk: {supported: false}, filter: {supported: true}})
    const resourceTypes = await dir.request<ListResponse<{id: string; endpoint: string}>>('GET', '/ResourceTypes')
    expect(resourceTypes.body.Resources.map((type) => [type.id, type.endpoint])).toEqual([
      ['User', '/Users'],
      ['Group', '/Groups'],
    ])
    const userSchema = await dir.request<{attributes: Array<{name: string; uniqueness: string}>}>(
      'GET',
      `/Schemas/${USER_SCHEMA}`,
    )
    expect(userSchema.body.attributes).toContainEqual(expect.objectContaining({name: 'userName', uniqueness: 'server'}))
  })
})
