import {AuthService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/auth_pb.js'
import {authLogOf} from '../auth-logs/auth-log.js'
import {customAuthOf} from '../custom-auth/custom-auth.js'
import {invalidArgument, notFound} from '../rpc/errors.js'
import {findRoleFor} from './lookup.js'
import {defineService} from '../rpc/service-definition.js'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
/** The catalog's limit for an email elsewhere (SendPasswordlessEmail): RFC 5321's 320. */
const MAX_EMAIL_LENGTH = 320

/**
 * AuthService. Only UpdateLoginUserDetails is callable with client credentials (the others serve Scalekit's own
 * hosted pages): the app's half of "bring your own auth" (src/emulator/custom-auth).
 */
export const authService = defineService(AuthService, {
  // protovalidate has checked connection_id (1–32 characters) and that login_request_id is set.
  updateLoginUserDetails({connectionId, loginRequestId, user}, {store}) {
    const login = customAuthOf(store).get(loginRequestId)
    // A login request of another connection is as unknown as one that never existed: ids are not probed.
    if (!login || login.request.connectionId !== connectionId) {
      throw notFound(
        `login request ${loginRequestId} of connection ${connectionId} not found: it is unknown, expired, or already completed`,
      )
    }
    // protovalidate has checked that sub and email are set unless login_failed is. The emulator signs the person
    // in as a user of the environment, found or created by email, so the email must be one.
    const details = user!
    const email = details.email.trim()
    if (!details.loginFailed && (!EMAIL.test(email) || email.length > MAX_EMAIL_LENGTH)) {
      throw invalidArgument(`user.email ${email} is not an email address`)
    }
    const externalId = details.organizationExternalId?.trim()
    const unknownRole = details.roles.find((name) => {
      const organization = externalId ? store.organizations.getBy('externalId', externalId) : undefined
      return !findRoleFor(store, name, organization?.id)
    })
    if (unknownRole !== undefined) throw invalidArgument(`user.roles: role ${unknownRole} does not exist`)
    login.user = {
      sub: details.sub,
      email,
      givenName: details.givenName,
      familyName: details.familyName,
      failed: details.loginFailed,
      ...(externalId
        ? {organization: {externalId, name: details.organizationExternalName?.trim(), roles: details.roles}}
        : {}),
    }
    const authLog = authLogOf(store)
    if (email) authLog.identified(login.request, email)
    return {authRequestId: authLog.idOf(login.request) ?? ''}
  },
})
