import type {Api} from '../api/client.js'
import {listConnections} from '../api/connections.js'
import {type DirectoryJson, listDirectories} from '../api/directories.js'
import {collect} from '../api/paginate.js'
import {getOrganization, type OrganizationJson, parseOrganizationRef} from '../api/organizations.js'
import {type CheckedConnection, checkOrganization, isActive, toChecked} from '../checks/connections.js'
import {count} from '../output/plural.js'
import type {Probe} from './wait.js'

/** The organization to wait on; an unknown one is "not found" (exit 4) before any waiting. */
export const organizationToWaitOn = (api: Api, ref: string): Promise<OrganizationJson> =>
  getOrganization(api, parseOrganizationRef(ref))

const connectionState = (c: CheckedConnection) =>
  `${c.id} (${c.provider.toLowerCase()}): ${c.status.toLowerCase().replaceAll('_', ' ')}, ${c.enabled ? 'enabled' : 'disabled'}`

/** Ready when one of the organization's connections is usable by the rule `connections check` applies. */
export interface ConnectionReadiness {
  connection: CheckedConnection | null
  /** Every connection of the organization, for the hint when none became usable. */
  connections: CheckedConnection[]
}

export function connectionProbe(api: Api, org: OrganizationJson): () => Promise<Probe<ConnectionReadiness>> {
  return async () => {
    const connections = (await collect(listConnections(api, {organizationId: org.id}))).items.map(toChecked)
    const active = connections.find(isActive)
    if (active)
      return {ready: true, state: `connection ${connectionState(active)}`, value: {connection: active, connections}}
    return {
      ready: false,
      state:
        connections.length === 0
          ? 'no connection yet'
          : `no connection is both completed and enabled: ${connections.map(connectionState).join('; ')}`,
      value: {connection: null, connections},
    }
  }
}

/** What to do when no connection became usable: the fix `connections check` would give. */
export function connectionFix(org: OrganizationJson, connections: CheckedConnection[]): string | undefined {
  const check = checkOrganization({id: org.id, name: org.displayName, ssoEnabled: true}, connections, [])
  return check.findings.find((f) => f.rule === 'no-connection' || f.rule === 'no-active-connection')?.fix
}

export interface DirectoryReadiness {
  directory: DirectoryJson | null
  /** Every directory of the organization, for the hint when none became ready. */
  directories: DirectoryJson[]
}

const directoryState = (d: DirectoryJson) =>
  `${d.id}: ${d.enabled ? 'enabled' : 'disabled'}, ${count(d.totalUsers, 'user')}`

/** Ready when a directory of the organization is enabled and holds at least `minUsers` users. */
export function directoryProbe(
  api: Api,
  org: OrganizationJson,
  minUsers: number,
): () => Promise<Probe<DirectoryReadiness>> {
  return async () => {
    const directories = (await collect(listDirectories(api, org.id))).items
    const ready = directories.find((d) => d.enabled && d.totalUsers >= minUsers) ?? null
    const state = ready
      ? `directory ${directoryState(ready)}`
      : directories.length === 0
        ? 'no directory yet'
        : `no enabled directory with ${count(minUsers, 'user')} or more: ${directories.map(directoryState).join('; ')}`
    return {ready: ready !== null, state, value: {directories, directory: ready}}
  }
}

/** What to do when no directory became ready. */
export function directoryFix(org: OrganizationJson, directories: DirectoryJson[], minUsers: number): string {
  const disabled = directories.find((d) => !d.enabled)
  if (directories.length === 0) {
    return `create one (skctl directories create --org ${org.id}) or send the customer's IT admin an admin-portal link: skctl portal link ${org.id}`
  }
  if (disabled && directories.every((d) => !d.enabled)) return `skctl directories enable --org ${org.id} ${disabled.id}`
  return `the customer's identity provider has not pushed ${minUsers} ${minUsers === 1 ? 'user' : 'users'} yet: check its SCIM provisioning (skctl directories get --org ${org.id} DIRECTORY shows the endpoint)`
}
