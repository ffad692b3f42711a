import type {HttpRequest, HttpResponse} from '../http/http-util.js'
import {html, renderPage, sendHtml, sendTextPage} from '../pages/html.js'
import {type AcceptDeps, acceptInvitation} from './accept.js'
import {ACCEPT_PATH, InvitationLinkError} from './links.js'

export interface AcceptPageDeps extends AcceptDeps {
  /** Where Scalekit sends the user after accepting: the app's initiate-login endpoint, when configured. */
  initiateLoginUri?: string
}

/**
 * `GET /invitations/accept/TOKEN`, the link of an invitation email. Opening it accepts, as following the link
 * of a Scalekit invitation does; the page says what happened, every organization and email value escaped.
 */
export function handleAcceptPage(
  request: HttpRequest,
  response: HttpResponse,
  path: string,
  deps: AcceptPageDeps,
): void {
  if (request.method !== 'GET') {
    sendTextPage(response, 405, 'Method not allowed', 'Open the invitation link in a browser.')
    return
  }
  const token = path.slice(ACCEPT_PATH.length)
  let accepted
  try {
    accepted = acceptInvitation(deps, token)
  } catch (error) {
    if (!(error instanceof InvitationLinkError)) throw error
    sendTextPage(response, error.status, error.title, error.message)
    return
  }
  const {organization, user} = accepted
  const next = deps.initiateLoginUri
  const body = html`<h1>Invitation accepted</h1>
    <p id="joined"><strong>${user.email}</strong> is now a member of <strong>${organization.displayName}</strong>.</p>
    ${
      next
        ? html`<p><a id="continue" href="${next}">Continue to sign in</a></p>`
        : html`<p>You can close this window and sign in to the application.</p>`
    }`
  sendHtml(response, 200, renderPage('Invitation accepted', body.value))
}
