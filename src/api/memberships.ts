import type {User} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'

import {CliError} from '../errors.js'
import type {Api} from './client.js'
import {protoJson} from './proto-json.js'
import type {MembershipJson, UserJson} from './users.js'

/** A user's membership of one organization, with the user it belongs to. */
export interface MembershipResult {
  membership: MembershipJson | null
  user: UserJson
}

async function result(user: User | undefined, organizationId: string): Promise<MembershipResult> {
  if (!user) throw new CliError('api_error', 'the API answered without a user')
  const {UserSchema} = await import('@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js')
  const json = await protoJson<UserJson>(UserSchema, user)
  return {membership: json.memberships.find((m) => m.organizationId === organizationId) ?? null, user: json}
}

export interface MembershipFields {
  invite?: boolean
  metadata?: Record<string, string>
  roles?: string[]
}

export async function addMembership(
  api: Api,
  organizationId: string,
  userId: string,
  fields: MembershipFields,
): Promise<MembershipResult> {
  const res = await api
    .call((c) =>
      c.user.createMembership(organizationId, userId, {
        metadata: fields.metadata,
        roles: fields.roles,
        sendInvitationEmail: fields.invite ?? false,
      }),
    )
    .catch((error: CliError) => {
      throw error.code === 'already_exists'
        ? new CliError('already_exists', error.message, {hint: `skctl users get ${userId}`})
        : error
    })
  return result(res.user, organizationId)
}

export async function updateMembership(
  api: Api,
  organizationId: string,
  userId: string,
  fields: Omit<MembershipFields, 'invite'>,
): Promise<MembershipResult> {
  const res = await api.call((c) =>
    c.user.updateMembership(organizationId, userId, {metadata: fields.metadata, roles: fields.roles}),
  )
  return result(res.user, organizationId)
}

export async function removeMembership(api: Api, organizationId: string, userId: string): Promise<void> {
  await api.call((c) => c.user.deleteMembership(organizationId, userId))
}

export async function resendInvite(api: Api, organizationId: string, userId: string): Promise<void> {
  await api.call((c) => c.user.resendInvite(organizationId, userId))
}
