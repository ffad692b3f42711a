import type {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server'
import type {PasskeyRecord} from '../store/credential-records.js'
import type {UserRecord} from '../store/records.js'
import type {Store} from '../store/store.js'
import {passkeyRpId, RP_NAME, userHandleOf, userIdOfHandle} from './relying-party.js'

// The WebAuthn ceremonies themselves: @simplewebauthn/server builds the options and verifies what the
// authenticator signed (attestation, assertion, origin, RP ID, challenge, counter); this file only maps its
// results onto stored passkeys. It is loaded on the first ceremony: loading it takes longer than starting the
// emulator, and most runs never see a passkey.

let library: Promise<typeof import('@simplewebauthn/server')> | undefined
const webauthn = () => (library ??= import('@simplewebauthn/server'))

/** What the browser reports is stored, so only the values WebAuthn defines are kept. */
const TRANSPORTS = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'])
const ATTACHMENTS = new Set(['platform', 'cross-platform'])

/** A ceremony the browser's answer failed: the message is shown on the page. */
export class CeremonyError extends Error {
  override name = 'CeremonyError'
}

/** Options for navigator.credentials.create: a discoverable passkey, none of the user's existing ones again. */
export async function registrationOptions(
  store: Store,
  user: UserRecord,
  origin: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const {generateRegistrationOptions} = await webauthn()
  const name = [user.profile.givenName, user.profile.familyName].filter(Boolean).join(' ')
  return generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: passkeyRpId(origin),
    userName: user.email,
    userID: new Uint8Array(Buffer.from(userHandleOf(user.id), 'base64url')),
    userDisplayName: name || user.email,
    attestationType: 'none',
    excludeCredentials: store.passkeys.listBy('userId', user.id).map((passkey) => ({
      id: passkey.credentialId,
      transports: passkey.transports as AuthenticatorTransportFuture[],
    })),
    authenticatorSelection: {residentKey: 'required', userVerification: 'preferred'},
  })
}

export interface NewPasskey {
  user: UserRecord
  origin: string
  expectedChallenge: string
  response: RegistrationResponseJSON
  displayName?: string
  userAgent?: string
}

/** Verifies the authenticator's attestation and stores the passkey it made. */
export async function registerPasskey(store: Store, input: NewPasskey): Promise<PasskeyRecord> {
  const {verifyRegistrationResponse} = await webauthn()
  const verification = await verify(() =>
    verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: input.expectedChallenge,
      expectedOrigin: input.origin,
      expectedRPID: passkeyRpId(input.origin),
      requireUserVerification: false,
    }),
  )
  if (!verification.verified) throw new CeremonyError('the authenticator did not prove the new passkey')
  const {credential, aaguid, credentialBackedUp, credentialDeviceType, fmt, userVerified} =
    verification.registrationInfo
  if (store.passkeys.getBy('credentialId', credential.id)) throw new CeremonyError('this passkey is already registered')
  const now = Date.now()
  const passkey: PasskeyRecord = {
    id: store.newId('wac'),
    userId: input.user.id,
    credentialId: credential.id,
    publicKey: Buffer.from(credential.publicKey).toString('base64url'),
    counter: credential.counter,
    attestationType: fmt,
    aaguid,
    transports: knownTransports(input.response.response.transports),
    ...(ATTACHMENTS.has(String(input.response.authenticatorAttachment))
      ? {attachment: String(input.response.authenticatorAttachment)}
      : {}),
    userVerified,
    backupEligible: credentialDeviceType === 'multiDevice',
    backedUp: credentialBackedUp,
    ...(input.displayName ? {displayName: input.displayName} : {}),
    ...(input.userAgent ? {userAgent: input.userAgent} : {}),
    origin: input.origin,
    createTime: now,
    updateTime: now,
  }
  store.passkeys.put(passkey)
  return passkey
}

/** Options for navigator.credentials.get: any discoverable passkey of this RP, so no user is named up front. */
export async function authenticationOptions(origin: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const {generateAuthenticationOptions} = await webauthn()
  return generateAuthenticationOptions({rpID: passkeyRpId(origin), userVerification: 'preferred'})
}

/** Verifies an assertion against the stored passkey and records its new counter; returns the passkey's user. */
export async function signInWithPasskey(
  store: Store,
  origin: string,
  expectedChallenge: string,
  response: AuthenticationResponseJSON,
): Promise<UserRecord> {
  const {verifyAuthenticationResponse} = await webauthn()
  const passkey = store.passkeys.getBy('credentialId', response.id)
  if (!passkey) throw new CeremonyError('this passkey is not registered with the emulator (or was deleted)')
  const handle = response.response.userHandle
  if (typeof handle === 'string' && handle !== '' && userIdOfHandle(handle) !== passkey.userId)
    throw new CeremonyError('the passkey names another user')
  const user = store.users.get(passkey.userId)
  if (!user) throw new CeremonyError('the user of this passkey no longer exists')
  const verification = await verify(() =>
    verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: origin,
      expectedRPID: passkeyRpId(origin),
      credential: {
        id: passkey.credentialId,
        publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
        counter: passkey.counter,
        transports: passkey.transports as AuthenticatorTransportFuture[],
      },
      requireUserVerification: false,
    }),
  )
  if (!verification.verified) throw new CeremonyError('the passkey signature does not verify')
  const {newCounter, credentialBackedUp} = verification.authenticationInfo
  store.passkeys.put({...passkey, counter: newCounter, backedUp: credentialBackedUp})
  return user
}

/** The library throws plain Errors for answers it cannot accept; they become the page's message. */
async function verify<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    throw new CeremonyError(error instanceof Error ? error.message : String(error))
  }
}

function knownTransports(reported: unknown): string[] {
  return Array.isArray(reported) ? reported.filter((transport) => TRANSPORTS.has(String(transport))).map(String) : []
}
