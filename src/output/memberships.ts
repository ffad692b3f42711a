import type {MembershipResult} from '../api/memberships.js'
import {statusText} from './users.js'

export function membershipRecord({membership, user}: MembershipResult): Array<[string, string | undefined]> {
  return [
    ['user', `${user.id} (${user.email})`],
    ['organization', membership?.organizationId],
    ['status', statusText(membership?.membershipStatus)],
    ['roles', (membership?.roles ?? []).map((r) => r.name).join(', ')],
    [
      'metadata',
      Object.entries(membership?.metadata ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(', '),
    ],
  ]
}
