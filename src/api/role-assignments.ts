import {protoJson} from './proto-json.js'
import type {Api} from './client.js'

/** A role as a user's assignment names it, in protobuf JSON form. */
export interface AssignedRoleJson {
  displayName: string
  id: string
  name: string
}

export interface RoleAssignmentResult {
  organizationId: string
  /** The roles the API reports for the user in the organization after the change. */
  roles: AssignedRoleJson[]
  userId: string
}

export interface RoleRemovalResult {
  organizationId: string
  removed: true
  role: string
  userId: string
}

export async function assignRoles(
  api: Api,
  organizationId: string,
  userId: string,
  roles: string[],
): Promise<RoleAssignmentResult> {
  const res = await api.call((c) => c.user.assignUserRoles(organizationId, userId, roles))
  const {RoleSchema} = await import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js')
  return {
    organizationId,
    roles: await Promise.all(res.roles.map((r) => protoJson<AssignedRoleJson>(RoleSchema, r))),
    userId,
  }
}

export async function unassignRole(
  api: Api,
  organizationId: string,
  userId: string,
  role: string,
): Promise<RoleRemovalResult> {
  await api.call((c) => c.user.removeUserRole(organizationId, userId, role))
  return {organizationId, removed: true, role, userId}
}
