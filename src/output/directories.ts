import type {DirectoryGroupJson, DirectoryJson, DirectoryUserJson} from '../api/directories.js'
import {day, enumText, yesNo} from './format.js'
import type {Column} from './table.js'

/** A timestamp to the second, for times that change within a day (syncs, updates). */
const time = (timestamp: string | undefined) => timestamp?.replace(/\.\d+Z$/, 'Z')

const provider = (d: DirectoryJson) =>
  d.directoryProvider === 'DIRECTORY_PROVIDER_UNSPECIFIED' ? 'unspecified' : enumText(d.directoryProvider)

export const directoryColumns: Column<DirectoryJson>[] = [
  {header: 'ID', value: (d) => d.id},
  {header: 'TYPE', value: (d) => d.directoryType},
  {header: 'PROVIDER', value: provider},
  {header: 'STATUS', value: (d) => enumText(d.status)},
  {header: 'ENABLED', value: (d) => yesNo(d.enabled)},
  {header: 'USERS', value: (d) => d.totalUsers},
  {header: 'GROUPS', value: (d) => d.totalGroups},
  {header: 'LAST SYNC', value: (d) => time(d.lastSyncedAt)},
]

export function directoryRecord(directory: DirectoryJson): Array<[string, string | number | undefined]> {
  const secret = directory.secrets.find((s) => s.status === 'ACTIVE')
  return [
    ['id', directory.id],
    ['organization', directory.organizationId],
    ['type', directory.directoryType],
    ['provider', provider(directory)],
    ['status', enumText(directory.status)],
    ['enabled', yesNo(directory.enabled)],
    ['scim endpoint', directory.directoryEndpoint],
    ['bearer secret', secret ? `…${secret.secretSuffix} (created ${day(secret.createTime)})` : 'none'],
    ['users', directory.totalUsers],
    ['groups', directory.totalGroups],
    ['last sync', time(directory.lastSyncedAt)],
  ]
}

/** Columns for directory users; `active` lives in the user detail, so it shows with --detail. */
export function directoryUserColumns(detail: boolean): Column<DirectoryUserJson>[] {
  const active: Column<DirectoryUserJson>[] = detail
    ? [{header: 'ACTIVE', value: (u) => yesNo(u.userDetail?.active === true)}]
    : []
  return [
    {header: 'ID', value: (u) => u.id},
    {header: 'USERNAME', value: (u) => u.preferredUsername},
    {header: 'EMAIL', value: (u) => u.email},
    {header: 'NAME', value: (u) => [u.givenName, u.familyName].filter(Boolean).join(' ')},
    ...active,
    {header: 'GROUPS', value: (u) => u.groups.map((g) => g.displayName).join(', ')},
    {header: 'UPDATED', value: (u) => time(u.updatedAt)},
  ]
}

export const directoryGroupColumns: Column<DirectoryGroupJson>[] = [
  {header: 'ID', value: (g) => g.id},
  {header: 'NAME', value: (g) => g.displayName},
  {header: 'USERS', value: (g) => g.totalUsers},
  {header: 'UPDATED', value: (g) => time(g.updatedAt)},
]
