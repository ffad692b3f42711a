import type {Role} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'

import {CliError, invalidInput} from '../errors.js'
import type {Api} from './client.js'
import {takenNameError, withHint} from './errors.js'
import {resolveOrganizationId} from './organizations.js'
import {onePage, type Pages} from './paginate.js'
import {parsePermissionName} from './permissions.js'
import {lazyModule, protoJson} from './proto-json.js'
import {protobuf} from './protobuf.js'

const schemas = lazyModule(() => import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'))

export interface RolePermissionJson {
  createTime?: string
  description: string
  id: string
  name: string
  /** The role that grants it: this one, or one it extends. */
  roleName: string
  updateTime?: string
}

/** A role as the API returns it, in protobuf JSON form. */
export interface RoleJson {
  defaultCreator: boolean
  defaultMember: boolean
  dependentRolesCount: number
  description: string
  displayName: string
  extends?: string
  id: string
  isOrgRole: boolean
  name: string
  permissions: RolePermissionJson[]
}

export interface RoleFields {
  description?: string
  displayName?: string
  extends?: string
  permissions?: string[]
}

const ROLE_NAME = /^[a-zA-Z0-9_]{1,64}$/

/** A role name is the key tokens carry: 1–64 letters, digits or underscores. */
export function parseRoleName(value: string, what = 'role name'): string {
  const name = value.trim()
  if (!ROLE_NAME.test(name)) {
    throw invalidInput(
      `"${value}" is not a valid ${what}`,
      'use 1–64 letters, digits or underscores, e.g. billing_admin',
    )
  }
  return name
}

/** Checks every name in the fields before any call. */
export function parseRoleFields(fields: RoleFields): RoleFields {
  return {
    ...fields,
    extends: fields.extends === undefined ? undefined : parseRoleName(fields.extends, 'role name for --extends'),
    permissions: fields.permissions?.map((p) => parsePermissionName(p)),
  }
}

async function toJson(role: Role | undefined): Promise<RoleJson> {
  if (!role) throw new CliError('api_error', 'the API answered without a role')
  const {RoleSchema} = await schemas()
  return protoJson<RoleJson>(RoleSchema, role)
}

/** Environment roles, or with an organization id that organization's own roles. */
export async function* listRoles(
  api: Api,
  options: {include?: RoleInclude; limit?: number; organizationId?: string},
): Pages<RoleJson> {
  const {include, organizationId} = options
  // Through the generated RPCs when permissions are asked for: the SDK's list methods send no `include`.
  const res = include
    ? await api.rpc<unknown, {roles: Role[]}>(
        (c) => c.role,
        organizationId ? 'listOrganizationRoles' : 'listRoles',
        organizationId ? {include, orgId: organizationId} : {include},
      )
    : await api.call<{roles: Role[]}>((c) =>
        organizationId ? c.role.listOrganizationRoles(organizationId) : c.role.listRoles(),
      )
  yield onePage(await Promise.all(res.roles.map(toJson)), options.limit)
}

/** What a role read adds: its own permissions, or also those it inherits through `extends`. */
export type RoleInclude = 'permissions' | 'permissions:all'

/**
 * One role with the permissions it grants, which the SDK's getRole does not ask for: its own (`permissions`), or
 * also those it inherits through `extends` (`permissions:all`), each naming the role that grants it.
 */
export async function getRole(
  api: Api,
  name: string,
  organizationId?: string,
  include: RoleInclude = 'permissions:all',
): Promise<RoleJson> {
  const [method, request] = organizationId
    ? ['getOrganizationRole', {include, orgId: organizationId, roleName: name}]
    : ['getRole', {include, roleName: name}]
  const res = await api.rpc<unknown, {role?: Role}>((c) => c.role, method, request)
  return toJson(res.role)
}

export async function createRole(
  api: Api,
  fields: RoleFields & {displayName: string; name: string},
  organizationId?: string,
): Promise<RoleJson> {
  const {create} = protobuf()
  const {CreateOrganizationRoleSchema, CreateRoleSchema} = await schemas()
  const init = {...fields, permissions: fields.permissions ?? []}
  try {
    const res = await api.call<{role?: Role}>((c) =>
      organizationId
        ? c.role.createOrganizationRole(organizationId, create(CreateOrganizationRoleSchema, init))
        : c.role.createRole(create(CreateRoleSchema, init)),
    )
    return toJson(res.role)
  } catch (error) {
    throw await takenNameError(
      error,
      () => getRole(api, fields.name, organizationId, 'permissions'),
      `role ${fields.name} already exists`,
      `role names are unique; to change it: skctl roles update ${fields.name}`,
    )
  }
}

/**
 * UpdateRole is a PUT: the fields not given are sent as they are now, so that only the given ones change. `permissions`, when given, is the new complete set of the role's own permissions.
 */
export async function updateRole(
  api: Api,
  name: string,
  changes: RoleFields,
  organizationId?: string,
): Promise<RoleJson> {
  const current = await getRole(api, name, organizationId, 'permissions')
  const {create} = protobuf()
  const {UpdateRoleSchema} = await schemas()
  // Empty strings are not allowed where a field is set, so the current values go only when they have one.
  const role = create(UpdateRoleSchema, {
    description: changes.description ?? (current.description || undefined),
    displayName: changes.displayName ?? (current.displayName || undefined),
    extends: changes.extends ?? (current.extends || undefined),
    permissions: changes.permissions ?? current.permissions.map((p) => p.name),
  })
  const res = await api.call<{role?: Role}>((c) =>
    organizationId ? c.role.updateOrganizationRole(organizationId, name, role) : c.role.updateRole(name, role),
  )
  return toJson(res.role)
}

/** Deletes a role; `reassign` moves the members who hold it to another role first. */
export async function deleteRole(
  api: Api,
  name: string,
  options: {organizationId?: string; reassign?: string},
): Promise<void> {
  const {organizationId, reassign} = options
  try {
    await api.call((c) =>
      organizationId
        ? c.role.deleteOrganizationRole(organizationId, name, reassign)
        : c.role.deleteRole(name, reassign),
    )
  } catch (error) {
    // A role that members still hold cannot go without somewhere to move them (Scalekit: INVALID_ARGUMENT "role
    // cannot be deleted as it is assigned to users").
    if (reassign) throw error
    throw withHint(
      error,
      'invalid_input',
      'if members still hold the role, pass --reassign ROLE to move them to another role',
    )
  }
}

/** `--org` given: that organization's id, for its own roles; absent: environment roles. */
export const roleScope = async (api: Api, org: string | undefined) =>
  org === undefined ? undefined : resolveOrganizationId(api, org)
