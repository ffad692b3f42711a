import {stringify} from 'yaml'

import type {Api} from '../api/client.js'
import {eachUser} from '../api/users.js'
import type {ExportSink} from '../import/export-sink.js'
import {mapConcurrent} from '../concurrency.js'
import type {ConnectionSpec, OrganizationSpec} from './model.js'
import {
  READ_CONCURRENCY,
  type RemoteOrganization,
  readOrganization,
  readOrganizationList,
  readPermissions,
  readRoles,
  userSpec,
} from './read.js'

export interface ExportSummary {
  organizations: number
  /** Environment variables the file refers to for connection secrets, which the API never returns. */
  secrets: string[]
  /** Organizations left out for having no external id. */
  skippedOrganizations: number
  /** Users written (null when users were not asked for). */
  users: number | null
  /** Users left out because none of their organizations has an external id. */
  skippedUsers: number
}

const YAML_OPTIONS = {lineWidth: 0} as const

/** One `key: value` entry of a map, as YAML indented under its parent. */
function entry(key: string, value: unknown): string {
  return stringify({[key]: value}, YAML_OPTIONS)
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n')
}

/** `${ACME_42_OKTA_OIDC_CLIENT_SECRET}`-style names, unique within one export. */
class SecretNames {
  readonly used: string[] = []

  name(externalId: string, connection: ConnectionSpec): string {
    const base = `${externalId}_${connection.provider}_${connection.type}_CLIENT_SECRET`
      .toUpperCase()
      .replaceAll(/[^A-Z0-9]+/g, '_')
      .replace(/^(?=\d)/, '_')
    let name = base
    for (let n = 2; this.used.includes(name); n++) name = `${base}_${n}`
    this.used.push(name)
    return name
  }
}

/** An organization as read, with its id and those of its connections and directories first in each entry. */
function pinned(org: RemoteOrganization): OrganizationSpec {
  const {connections, directories, ...rest} = org.spec
  return {
    id: org.id,
    ...rest,
    ...(connections && {connections: org.connections.map((c) => ({id: c.id, ...c.spec}))}),
    ...(directories && {directories: org.directories.map((d) => ({id: d.id, ...d.spec}))}),
  }
}

/**
 * Writes the environment as an environment file, in a stable order (keys sorted; users in the API's order), a part
 * at a time: organizations a few at a time, users a page at a time, so memory stays flat however many users.
 */
export async function exportEnvironment(
  api: Api,
  sink: ExportSink,
  /** `ids`: pin every organization, connection, directory and user to its id (an emulator snapshot). */
  options: {ids?: boolean; users: boolean},
): Promise<ExportSummary> {
  const [permissions, {roles}, {organizations, unkeyed}] = await Promise.all([
    readPermissions(api),
    readRoles(api),
    readOrganizationList(api),
  ])
  const secrets = new SecretNames()
  await sink.write(
    `# An environment file: skctl env plan -f FILE, skctl env apply -f FILE (format: schema/env.schema.json)\nversion: 1\n`,
  )
  await sink.write(stringify({permissions}, YAML_OPTIONS))
  await sink.write(stringify({roles}, YAML_OPTIONS))
  await sink.write(organizations.length > 0 ? 'organizations:\n' : 'organizations: {}\n')
  for (let i = 0; i < organizations.length; i += READ_CONCURRENCY) {
    const batch = organizations.slice(i, i + READ_CONCURRENCY)
    const read = await mapConcurrent(batch, READ_CONCURRENCY, (o) =>
      readOrganization(api, o, {secretName: (c) => secrets.name(o.externalId as string, c)}),
    )
    for (const [j, org] of read.entries()) {
      await sink.write(entry(batch[j]?.externalId as string, options.ids ? pinned(org) : org.spec))
    }
    // A reader that stopped reading (`| head`) ends the export quietly: read no further.
    if (sink.closed) break
  }
  let users: number | null = null
  let skippedUsers = 0
  if (options.users && !sink.closed) {
    users = 0
    const externalIds = new Map(organizations.map((o) => [o.id, o.externalId as string]))
    let started = false
    for await (const user of eachUser(api, {})) {
      const found = userSpec(user, externalIds)
      const spec = found && options.ids ? {id: user.id, ...found} : found
      if (!spec) {
        skippedUsers++
        continue
      }
      if (!started) await sink.write('users:\n')
      started = true
      if (!(await sink.write(entry(user.email, spec)))) break
      users++
    }
    if (!started) await sink.write('users: {}\n')
  }
  return {
    organizations: organizations.length,
    secrets: secrets.used,
    skippedOrganizations: unkeyed,
    skippedUsers,
    users,
  }
}
