/** SCIM requests as an identity provider sends them, for tests of the emulator's SCIM server. */

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User'
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group'
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp'
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error'

export interface ScimResponse<T = Record<string, unknown>> {
  status: number
  headers: Headers
  body: T
}

/** One request to `<endpoint><path>` with the bearer token; the body is JSON when there is one. */
export async function scim<T = Record<string, unknown>>(
  endpoint: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
): Promise<ScimResponse<T>> {
  const headers: Record<string, string> = {accept: 'application/scim+json'}
  if (token !== undefined) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/scim+json'
  const response = await fetch(`${endpoint}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  })
  const text = await response.text()
  return {status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as T}
}

/** A SCIM client bound to one directory's endpoint and token. */
export function scimClient(endpoint: string, token: string) {
  return <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    scim<T>(endpoint, token, method, path, body)
}

export function scimUser(userName: string, extra: Record<string, unknown> = {}) {
  const [local = userName] = userName.split('@')
  return {
    schemas: [USER_SCHEMA],
    userName,
    name: {givenName: local, familyName: 'Tester'},
    emails: [{value: userName, type: 'work', primary: true}],
    active: true,
    ...extra,
  }
}

export function scimGroup(displayName: string, memberIds: string[] = [], extra: Record<string, unknown> = {}) {
  return {schemas: [GROUP_SCHEMA], displayName, members: memberIds.map((value) => ({value})), ...extra}
}

export function patchOps(...operations: Array<Record<string, unknown>>) {
  return {schemas: [PATCH_SCHEMA], Operations: operations}
}
