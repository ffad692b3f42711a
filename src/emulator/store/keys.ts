/** The unique key of a role: environment roles are `/<name>`, an organization's own roles `<org id>/<name>`. */
export function roleKey(name: string, organizationId?: string): string {
  return `${organizationId ?? ''}/${name}`
}

/** The id of the membership of `userId` in `organizationId`: the pair is the key, one membership per pair. */
export function membershipId(organizationId: string, userId: string): string {
  return `${organizationId}/${userId}`
}

/** The unique key of a directory user's userName or a directory group's displayName: case-insensitive, per directory. */
export function directoryKey(directoryId: string, name: string): string {
  return `${directoryId}/${name.toLowerCase()}`
}
