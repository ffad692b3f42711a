import type {
  Directory,
  ListDirectoryGroupsResponse,
  ListDirectoryUsersResponse,
  Secret,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'

import {CliError, invalidInput} from '../errors.js'
import {registerSecret} from '../redact.js'
import type {Api} from './client.js'
import {onePage, paginate, type Pages} from './paginate.js'
import {lazyModule, protoJson} from './proto-json.js'
import {type ToggleResult, toggled} from './toggle.js'
import {protobuf} from './protobuf.js'

/** ListDirectoryUsers and ListDirectoryGroups take at most 30 per page (their page_size rule). */
const DIRECTORY_PAGE_SIZE = 30

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'))

/** Directory providers by the names the CLI gives them (`microsoft-ad` is Microsoft Entra ID). */
export const DIRECTORY_PROVIDERS = {
  auth0: 'AUTH0',
  google: 'GOOGLE',
  jumpcloud: 'JUMPCLOUD',
  'microsoft-ad': 'MICROSOFT_AD',
  okta: 'OKTA',
  onelogin: 'ONELOGIN',
  'ping-identity': 'PING_IDENTITY',
} as const
export type DirectoryProviderName = keyof typeof DIRECTORY_PROVIDERS

export interface DirectorySecretJson {
  createTime?: string
  directoryId: string
  expireTime?: string
  id: string
  lastUsedTime?: string
  /** The last characters of the secret: enough to tell secrets apart, never enough to use one. */
  secretSuffix: string
  status: string
}

/** A directory in protobuf JSON form. */
export interface DirectoryJson {
  directoryEndpoint: string
  directoryProvider: string
  directoryType: string
  enabled: boolean
  id: string
  lastSyncedAt?: string
  name: string
  organizationId: string
  secrets: DirectorySecretJson[]
  stats?: {groupUpdatedAt?: string; totalGroups: number; totalUsers: number; userUpdatedAt?: string}
  status: string
  totalGroups: number
  totalUsers: number
}

export interface DirectoryGroupJson {
  displayName: string
  /** With --detail: Scalekit's normalised group (display_name, external_id, raw_attributes, …). */
  groupDetail?: Record<string, unknown>
  id: string
  totalUsers: number
  updatedAt?: string
}

export interface DirectoryUserJson {
  email: string
  emails: string[]
  familyName: string
  givenName: string
  groups: DirectoryGroupJson[]
  id: string
  preferredUsername: string
  updatedAt?: string
  /** With --detail: Scalekit's normalised user (active, dp_id, name, roles, raw_attributes, …). */
  userDetail?: Record<string, unknown>
}

/** The bearer secret an identity provider provisions with, and where: shown once. */
export interface DirectorySecretIssued {
  directoryId: string
  /** Where the identity provider sends SCIM requests (its "SCIM base URL"). */
  endpoint: string
  organizationId: string
  /** True when an earlier secret was replaced (it no longer works). */
  replaced: boolean
  secret: DirectorySecretJson
  /** The bearer token itself. */
  token: string
}

async function toJson(directory: Directory | undefined): Promise<DirectoryJson> {
  if (!directory) throw new CliError('api_error', 'the API answered without a directory')
  const {DirectorySchema} = await schemas()
  return protoJson<DirectoryJson>(DirectorySchema, directory)
}

/** `--updated-after`: an ISO 8601 date or date-time, normalised to UTC (`2025-01-31` is midnight UTC). */
export function parseUpdatedAfter(value: string): string {
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i
  const time = iso.test(value.trim()) ? Date.parse(value.trim()) : Number.NaN
  if (Number.isNaN(time)) {
    throw invalidInput(`"${value}" is not an ISO 8601 time`, 'e.g. --updated-after 2025-01-31 or 2025-01-31T09:30:00Z')
  }
  return new Date(time).toISOString()
}

export async function* listDirectories(api: Api, organizationId: string, limit?: number): Pages<DirectoryJson> {
  const res = await api.call((c) => c.directory.listDirectories(organizationId))
  yield onePage(await Promise.all(res.directories.map(toJson)), limit)
}

export async function getDirectory(api: Api, organizationId: string, id: string): Promise<DirectoryJson> {
  const res = await api.call((c) => c.directory.getDirectory(organizationId, id))
  return toJson(res.directory)
}

export async function createDirectory(
  api: Api,
  organizationId: string,
  provider?: DirectoryProviderName,
): Promise<DirectoryJson> {
  const [{create}, {CreateDirectorySchema, DirectoryProvider, DirectoryType}] = await Promise.all([
    protobuf(),
    schemas(),
  ])
  const directoryProvider = provider
    ? DirectoryProvider[DIRECTORY_PROVIDERS[provider]]
    : DirectoryProvider.DIRECTORY_PROVIDER_UNSPECIFIED
  const input = create(CreateDirectorySchema, {directoryProvider, directoryType: DirectoryType.SCIM})
  const res = await api.call((c) => c.directory.createDirectory(organizationId, input))
  return toJson(res.directory)
}

/** Enables or disables a directory; a toggle the server declines (it says why) is a failure. */
export async function setDirectoryEnabled(
  api: Api,
  organizationId: string,
  id: string,
  enabled: boolean,
): Promise<ToggleResult> {
  const res = await api.call((c) =>
    enabled ? c.directory.enableDirectory(organizationId, id) : c.directory.disableDirectory(organizationId, id),
  )
  return toggled(res, {enabled, id, noun: 'directory', organizationId})
}

/** Whether the directory has a secret in use: issuing another one replaces it. */
export const hasActiveSecret = (directory: DirectoryJson) => directory.secrets.some((s) => s.status === 'ACTIVE')

/**
 * Creates the directory's bearer secret, or regenerates it when it has one (the SDK wraps neither RPC). The
 * plain value is registered with the redactor at once: it reaches output only where the caller means to show it.
 */
export async function issueDirectorySecret(api: Api, directory: DirectoryJson): Promise<DirectorySecretIssued> {
  const replaced = hasActiveSecret(directory)
  const request = {directoryId: directory.id, organizationId: directory.organizationId}
  const res = await api.rpc<typeof request, {plainSecret: string; secret?: Secret}>(
    (c) => c.directory,
    replaced ? 'regenerateDirectorySecret' : 'createDirectorySecret',
    request,
  )
  registerSecret(res.plainSecret)
  if (!res.plainSecret || !res.secret) throw new CliError('api_error', 'the API answered without a secret')
  const {SecretSchema} = await schemas()
  return {
    directoryId: directory.id,
    endpoint: directory.directoryEndpoint,
    organizationId: directory.organizationId,
    replaced,
    secret: await protoJson<DirectorySecretJson>(SecretSchema, res.secret),
    token: res.plainSecret,
  }
}

export interface DirectoryUsersOptions {
  detail?: boolean
  groupId?: string
  limit?: number
  /** ISO time (see parseUpdatedAfter). */
  updatedAfter?: string
}

export function listDirectoryUsers(
  api: Api,
  organizationId: string,
  directoryId: string,
  options: DirectoryUsersOptions,
): Pages<DirectoryUserJson> {
  const {detail, groupId, limit, updatedAfter} = options
  return paginate(
    async (pageToken, pageSize) => {
      const res: ListDirectoryUsersResponse = await api.call((c) =>
        c.directory.listDirectoryUsers(organizationId, directoryId, {
          directoryGroupId: groupId,
          includeDetail: detail,
          pageSize,
          pageToken,
          updatedAfter,
        }),
      )
      const {DirectoryUserSchema} = await schemas()
      const items = await Promise.all(res.users.map((u) => protoJson<DirectoryUserJson>(DirectoryUserSchema, u)))
      return {items, nextPageToken: res.nextPageToken, totalSize: res.totalSize}
    },
    limit,
    DIRECTORY_PAGE_SIZE,
  )
}

export function listDirectoryGroups(
  api: Api,
  organizationId: string,
  directoryId: string,
  options: Omit<DirectoryUsersOptions, 'groupId'>,
): Pages<DirectoryGroupJson> {
  const {detail, limit, updatedAfter} = options
  return paginate(
    async (pageToken, pageSize) => {
      const res: ListDirectoryGroupsResponse = await api.call((c) =>
        c.directory.listDirectoryGroups(organizationId, directoryId, {
          includeDetail: detail,
          pageSize,
          pageToken,
          updatedAfter,
        }),
      )
      const {DirectoryGroupSchema} = await schemas()
      const items = await Promise.all(res.groups.map((g) => protoJson<DirectoryGroupJson>(DirectoryGroupSchema, g)))
      return {items, nextPageToken: res.nextPageToken, totalSize: res.totalSize}
    },
    limit,
    DIRECTORY_PAGE_SIZE,
  )
}

export async function deleteDirectory(api: Api, organizationId: string, id: string): Promise<void> {
  await api.call((c) => c.directory.deleteDirectory(organizationId, id))
}

/** Replaces the directory's group-to-role mappings (the SDK does not wrap AssignRoles). */
export async function assignDirectoryRoles(
  api: Api,
  organizationId: string,
  id: string,
  assignments: Array<{groupId: string; roleName: string}>,
): Promise<void> {
  await api.rpc((c) => c.directory, 'assignRoles', {id, organizationId, roleAssignments: {assignments}})
}
