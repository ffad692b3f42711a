import {type HttpResponse, sendRedirect} from '../http/http-util.js'
import {sendErrorPage, sendTextPage} from '../pages/html.js'
import {redirectRule} from './authorize.js'
import type {SsoContext} from './context.js'

/**
 * `GET /oidc/logout`. The emulator keeps no browser session, so logging out is only the redirect: to
 * `post_logout_redirect_uri` when it is an allowed redirect URI (with `state`), else a page saying so. An unlisted
 * URI is never followed (no open redirector).
 */
export function handleLogout(response: HttpResponse, url: URL, sso: SsoContext): void {
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
