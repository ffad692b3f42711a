import {authLogOf} from '../auth-logs/auth-log.js'
import {completeSignIn, deviceOf} from '../hosted-login/sign-in.js'
import {type HttpRequest, type HttpResponse, sendRedirect} from '../http/http-util.js'
import {sendErrorPage} from '../pages/html.js'
import {errorRedirect} from '../sso/authorize.js'
import type {SsoContext} from '../sso/context.js'
import {customAuthOf} from './custom-auth.js'

/**
 * `GET /sso/v1/connections/<connection id>/partner:callback?state=…`: the app sends the browser back after posting
 * the user's details. The login request is used up either way; with details it ends like any full-stack login
 * (the user just in time, a code to the app's callback, a session when the code is exchanged).
 */
export function handlePartnerCallback(request: HttpRequest, response: HttpResponse, url: URL, sso: SsoContext) {
  const connectionId = decodeURIComponent(url.pathname.split('/')[4] ?? '')
  const login = customAuthOf(sso.store).takeByState(url.searchParams.get('state') ?? '')
  if (!login || login.request.connectionId !== connectionId) {
    // Without a known state there is no redirect URI to trust: an error page, never a redirect.
    sendErrorPage(
      response,
      400,
      'invalid_request',
      'this login request is unknown, expired or already completed: send the state Scalekit gave your login endpoint',
    )
    return
  }
  const {request: loginRequest, user} = login
  if (!user || user.failed) {
    const description = user
      ? `the app reported that the user could not sign in (login request ${login.id})`
      : `the app sent the browser back before posting the user's details for login request ${login.id} (UpdateLoginUserDetails)`
    authLogOf(sso.store).failed(loginRequest, 'access_denied', description)
    sendRedirect(response, errorRedirect(loginRequest.redirectUri, 'access_denied', description, loginRequest.state))
    return
  }
  const person = {email: user.email, givenName: user.givenName, familyName: user.familyName}
  sendRedirect(response, completeSignIn(sso, loginRequest, person, deviceOf(request), user.organization))
}
