import {compactVerify} from 'jose'
import {type HttpResponse, sendRedirect} from '../http/http-util.js'
import {sessionEvent} from '../oauth/full-stack.js'
import {endSession} from '../oauth/sessions.js'
import {sendErrorPage, sendTextPage} from '../pages/html.js'
import {redirectRule} from './authorize.js'
import type {SsoContext} from './context.js'

/**
 * `GET /oidc/logout` (the URL the SDK's getLogoutUrl builds). The session named by `id_token_hint` ends (status
 * `logout`): its refresh token and access tokens stop working. The emulator keeps no browser cookie, so without a
 * hint there is no session to end. Then the redirect: to `post_logout_redirect_uri` when it is an allowed redirect
 * URI (with `state`), else a page saying so. An unlisted URI is never followed (no open redirector).
 */
export async function handleLogout(response: HttpResponse, url: URL, sso: SsoContext): Promise<void> {
  const hint = url.searchParams.get('id_token_hint')
  if (hint) {
    const sessionId = await sessionOfHint(hint, sso)
    if (sessionId === undefined) {
      sendErrorPage(response, 400, 'invalid_request', 'id_token_hint is not an ID token this emulator issued')
      return
    }
    const session = sso.store.sessions.get(sessionId)
    // A session that was still active raises `user.logout`; logging out an ended one again raises nothing.
    const ended = session && endSession(sso.store, session, 'logout')
    const logout = ended && ended !== session ? sessionEvent(sso.store, 'user.logout', ended) : undefined
    if (logout) sso.events.emit(logout)
  }
  const target = url.searchParams.get('post_logout_redirect_uri')
  if (!target) {
    sendTextPage(response, 200, 'Signed out', 'You have been signed out. You can close this window.')
    return
  }
  if (!sso.redirects.allows(target)) {
    sendErrorPage(
      response,
      400,
      'invalid_redirect_uri',
      `post_logout_redirect_uri ${target} is not an allowed redirect URI. ${redirectRule(sso)}`,
    )
    return
  }
  const location = new URL(target)
  const state = url.searchParams.get('state')
  if (state !== null) location.searchParams.set('state', state)
  sendRedirect(response, location.href)
}

/**
 * The `sid` of an ID token this emulator signed. Its expiry does not matter (OIDC RP-Initiated Logout §2: the
 * hint may have expired), its signature does: otherwise anyone could end anyone's session.
 */
async function sessionOfHint(hint: string, sso: SsoContext): Promise<string | undefined> {
  try {
    const {payload} = await compactVerify(hint, sso.key.resolveKey, {algorithms: ['RS256']})
    const sid: unknown = JSON.parse(new TextDecoder().decode(payload)).sid
    return typeof sid === 'string' ? sid : ''
  } catch {
    return undefined
  }
}
