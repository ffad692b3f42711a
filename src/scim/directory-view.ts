import type {JsonObject} from '@bufbuild/protobuf'

import type {Api} from '../api/client.js'
import {listDirectoryGroups, listDirectoryUsers} from '../api/directories.js'
import {collect} from '../api/paginate.js'
import {attribute, booleanOf, isObject, primaryEntry, text} from '../shared/scim.js'
import type {ScimClient} from './client.js'
import {memberIds} from './plan.js'

// What the directory shows after a push, in one shape whichever way it was read: through the Scalekit API (what the
// application sees) when the organization and directory are known, else over SCIM.

export interface ViewUser {
  id: string
  userName: string
  email?: string
  givenName?: string
  familyName?: string
  active?: boolean
  /** Display names of the user's groups. */
  groups: string[]
}

export interface ViewGroup {
  id: string
  displayName: string
  totalUsers: number
}

export interface DirectoryView {
  source: 'api' | 'scim'
  users: ViewUser[]
  groups: ViewGroup[]
}

export async function viewThroughApi(api: Api, organizationId: string, directoryId: string): Promise<DirectoryView> {
  const [users, groups] = await Promise.all([
    collect(listDirectoryUsers(api, organizationId, directoryId, {detail: true})),
    collect(listDirectoryGroups(api, organizationId, directoryId, {})),
  ])
  return {
    source: 'api',
    users: users.items.map((user) => ({
      // Scalekit keeps `active` in the normalised profile, which comes with the detail.
      active: booleanOf(user.userDetail?.active as boolean | string | undefined),
      id: user.id,
      userName: user.preferredUsername,
      email: user.email || undefined,
      givenName: user.givenName || undefined,
      familyName: user.familyName || undefined,
      groups: user.groups.map((group) => group.displayName),
    })),
    groups: groups.items.map(({id, displayName, totalUsers}) => ({id, displayName, totalUsers})),
  }
}

export async function viewThroughScim(client: ScimClient): Promise<DirectoryView> {
  const users = await client.listAll('Users')
  const groups = await client.listAll('Groups')
  const groupsOf = new Map<string, string[]>()
  for (const group of groups) {
    for (const id of memberIds(group)) groupsOf.set(id, [...(groupsOf.get(id) ?? []), text(group, 'displayName') ?? ''])
  }
  return {
    source: 'scim',
    users: users.map((user) => scimUser(user, groupsOf)),
    groups: groups.map((group) => ({
      id: text(group, 'id') ?? '',
      displayName: text(group, 'displayName') ?? '',
      totalUsers: memberIds(group).length,
    })),
  }
}

function scimUser(user: JsonObject, groupsOf: Map<string, string[]>): ViewUser {
  const id = text(user, 'id') ?? ''
  const name = attribute(user, 'name')
  const names = isObject(name) ? name : undefined
  const email = primaryEntry(user, 'emails')
  return {
    id,
    userName: text(user, 'userName') ?? '',
    email: email && text(email, 'value'),
    givenName: text(names, 'givenName'),
    familyName: text(names, 'familyName'),
    active: booleanOf(attribute(user, 'active')) ?? true,
    groups: groupsOf.get(id) ?? [],
  }
}
