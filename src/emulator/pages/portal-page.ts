import type {HttpResponse} from '../http/http-util.js'
import type {Store} from '../store/store.js'
import {sendTextPage} from './html.js'

/**
 * `GET /magicLink/<token>`: the emulator's stand-in for the Scalekit admin portal. An API-generated link must be
 * opened before it expires; the first visit activates it and it keeps working afterwards.
 */
export function servePortalPage(response: HttpResponse, store: Store, token: string, now = Date.now()): void {
  const link = store.portalLinks.getBy('token', token)
  const organization = link && store.organizations.get(link.organizationId)
  if (!link || !organization) {
    sendTextPage(response, 404, 'Link not found', 'This admin portal link does not exist or has been deleted.')
    return
  }
  if (link.activateTime === undefined) {
    if (now > link.expireTime) {
      sendTextPage(
        response,
        410,
        'Link expired',
        'This admin portal link expired before it was opened. Generate a new one.',
      )
      return
    }
    store.portalLinks.put({...link, activateTime: now})
  }
  sendTextPage(
    response,
    200,
    `Admin portal — ${organization.displayName}`,
    `Organization ${organization.id}. This is the skctl emulator's stand-in for the Scalekit admin portal, where ` +
      "the customer's IT admin configures SSO and directory sync.",
  )
}
