import {jwtVerify} from 'jose'
import {type HttpRequest, type HttpResponse, sendJson} from '../http/http-util.js'
import type {Store} from '../store/store.js'
import type {RotatingKey} from './rotating-key.js'
import {sessionStatus, whyInactive} from './sessions.js'

export interface UserinfoDeps {
  store: Store
  key: RotatingKey
  clientId: string
}

class InvalidToken extends Error {}

/**
 * `GET|POST /userinfo` (OIDC Core §5.3) with a session's access token as bearer (RFC 6750 §2.1). Unlike a local
 * signature check, it answers only while the token's session is active: a revoked or logged-out session's access
 * tokens stop working here at once, though they stay well-formed JWTs until they expire.
 */
export async function handleUserinfo(request: HttpRequest, response: HttpResponse, deps: UserinfoDeps) {
  const noStore = {'cache-control': 'no-store'}
  if (request.method !== 'GET' && request.method !== 'POST') {
    sendJson(response, 405, {error: 'invalid_request', error_description: 'use GET or POST'}, noStore)
    return
  }
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
  if (!token) {
    // RFC 6750 §3.1: a request without credentials gets the challenge and no error code.
    sendJson(
      response,
      401,
      {error: 'invalid_request', error_description: 'a bearer access token is required'},
      {
        ...noStore,
        'www-authenticate': 'Bearer realm="skctl-emulator"',
      },
    )
    return
  }
  try {
    sendJson(response, 200, await claimsFor(token, deps), noStore)
  } catch (error) {
    if (!(error instanceof InvalidToken)) throw error
    const description = error.message.replaceAll('"', "'")
    sendJson(
      response,
      401,
      {error: 'invalid_token', error_description: error.message},
      {
        ...noStore,
        'www-authenticate': `Bearer realm="skctl-emulator", error="invalid_token", error_description="${description}"`,
      },
    )
  }
}

async function claimsFor(token: string, {store, key, clientId}: UserinfoDeps): Promise<Record<string, unknown>> {
  let payload
  try {
    ;({payload} = await jwtVerify(token, key.resolveKey, {algorithms: ['RS256'], audience: clientId}))
  } catch (error) {
    throw new InvalidToken(`the access token is invalid: ${(error as Error).message}`)
  }
  const session = typeof payload.sid === 'string' ? store.sessions.get(payload.sid) : undefined
  if (!session) throw new InvalidToken('the access token belongs to no user session')
  const status = sessionStatus(session)
  if (status !== 'active') throw new InvalidToken(whyInactive(session, status))
  const user = session.userId ? store.users.get(session.userId) : undefined
  const givenName = user?.profile.givenName ?? session.givenName
  const familyName = user?.profile.familyName ?? session.familyName
  const name = user?.profile.name ?? ([givenName, familyName].filter(Boolean).join(' ') || undefined)
  return {
    sub: payload.sub,
    email: user?.email ?? session.email,
    email_verified: user ? user.profile.emailVerified : true,
    ...(name ? {name} : {}),
    ...(givenName ? {given_name: givenName} : {}),
    ...(familyName ? {family_name: familyName} : {}),
    oid: session.organizationId,
    sid: session.id,
  }
}
