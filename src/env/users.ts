import type {Api} from '../api/client.js'
import {eachUser} from '../api/users.js'
import type {UserSpec} from './model.js'
import {userSpec} from './read.js'

export interface RemoteUser {
  email: string
  id: string
  spec: UserSpec
}

/**
 * Every user of the environment by lower-cased email, in the file's shape (memberships of organizations that have
 * an external id; users with none of those are left out: a file cannot name them).
 */
export async function readUsers(api: Api, externalIds: Map<string, string>): Promise<Map<string, RemoteUser>> {
  const users = new Map<string, RemoteUser>()
  for await (const user of eachUser(api, {})) {
    const spec = userSpec(user, externalIds)
    if (spec) users.set(user.email.toLowerCase(), {email: user.email, id: user.id, spec})
  }
  return users
}
