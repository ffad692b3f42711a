import type {UserJson} from '../api/users.js'
import {USER_COLUMNS} from './columns.js'
import {csvLine} from './csv-write.js'

/** The export's columns: the import's, after the informational `id` the import reads past. */
export const EXPORT_COLUMNS = ['id', ...USER_COLUMNS] as const

interface ExportedUser {
  id: string
  email: string
  first_name: string
  last_name: string
  email_verified: boolean | null
  external_id: string
  roles: string[]
  organization: string[]
  metadata: Record<string, string>
}

/**
 * A user in the import format. With an organization, the roles held there; without, every organization of the
 * user and, when the roles differ between them, no roles at all (re-importing must never hand a user roles they
 * held in only one organization): `ambiguousRoles` says so.
 */
export function toExported(user: UserJson, organizationId?: string): {ambiguousRoles: boolean; user: ExportedUser} {
  const memberships = organizationId
    ? user.memberships.filter((m) => m.organizationId === organizationId)
    : user.memberships
  const roleSets = memberships.map((m) => m.roles.map((r) => r.name).sort())
  const ambiguousRoles = new Set(roleSets.map((roles) => roles.join(';'))).size > 1
  return {
    ambiguousRoles,
    user: {
      id: user.id,
      email: user.email,
      first_name: user.userProfile?.givenName ?? '',
      last_name: user.userProfile?.familyName ?? '',
      email_verified: user.userProfile?.emailVerified ?? null,
      external_id: user.externalId ?? '',
      roles: ambiguousRoles ? [] : (roleSets[0] ?? []),
      organization: memberships.map((m) => m.organizationId),
      metadata: user.metadata,
    },
  }
}

export const EXPORT_FORMATS = {
  csv: {
    header: csvLine(EXPORT_COLUMNS),
    line: (user: ExportedUser) =>
      csvLine([
        user.id,
        user.email,
        user.first_name,
        user.last_name,
        user.email_verified === null ? '' : String(user.email_verified),
        user.external_id,
        user.roles.join(';'),
        user.organization.join(';'),
        Object.keys(user.metadata).length > 0 ? JSON.stringify(user.metadata) : '',
      ]),
  },
  jsonl: {header: '', line: (user: ExportedUser) => `${JSON.stringify(user)}\n`},
} as const
