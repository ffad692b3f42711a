import type {MessageInitShape} from '@bufbuild/protobuf'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import {
  WebAuthnService,
  type WebAuthnCredentialSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/webauthn_pb.js'
import {passkeyRpId, userHandleOf} from '../passkeys/relying-party.js'
import {notFound} from '../rpc/errors.js'
import {defineService} from '../rpc/service-definition.js'
import type {PasskeyRecord} from '../store/credential-records.js'
import type {Store} from '../store/store.js'
import {requireUser} from './lookup.js'

/**
 * The API side of passkeys: an app lists, renames and deletes the credentials its users registered. Registration
 * and sign-in are ceremonies a signed-in browser runs on the emulator's passkeys page (src/emulator/passkeys), as
 * they need the user's session, which a client-credentials caller does not have.
 */
export const webAuthnService = defineService(WebAuthnService, {
  listCredentials({userId}, {store}) {
    const user = requireUser(store, userId)
    const passkeys = store.passkeys.listBy('userId', user.id)
    return {
      credentials: passkeys.map(toCredential),
      // What an app hands to PublicKeyCredential.signalAllAcceptedCredentials, so the browser forgets the rest.
      allAcceptedCredentialsOptions: {
        rpId: passkeys[0] ? passkeyRpId(passkeys[0].origin) : '',
        userId: userHandleOf(user.id),
        allAcceptedCredentialIds: passkeys.map((passkey) => passkey.credentialId),
      },
    }
  },

  /** The display name's length (1 to 120) is checked by the request's own validation rules. */
  updateCredential({credentialId, displayName}, {store}) {
    const passkey = requirePasskey(store, credentialId)
    const updated: PasskeyRecord = {...passkey, displayName, updateTime: Date.now()}
    store.passkeys.put(updated)
    return {credential: toCredential(updated)}
  },

  deleteCredential({credentialId}, {store}) {
    const passkey = requirePasskey(store, credentialId)
    store.passkeys.delete(passkey.id)
    // What an app hands to PublicKeyCredential.signalUnknownCredential, so the browser stops offering it.
    return {
      success: true,
      unknownCredentialOptions: {rpId: passkeyRpId(passkey.origin), credentialId: passkey.credentialId},
    }
  },
})

/** Removes the passkeys of a user who is being deleted: nobody can sign in with them any more. */
export function deleteUserPasskeys(store: Store, userId: string): void {
  for (const passkey of store.passkeys.listBy('userId', userId)) store.passkeys.delete(passkey.id)
}

function requirePasskey(store: Store, id: string): PasskeyRecord {
  const passkey = store.passkeys.get(id)
  if (!passkey) throw notFound(`credential ${id} not found`)
  return passkey
}

function toCredential(passkey: PasskeyRecord): MessageInitShape<typeof WebAuthnCredentialSchema> {
  return {
    id: passkey.id,
    userId: passkey.userId,
    credentialId: Buffer.from(passkey.credentialId, 'base64url'),
    attestationType: passkey.attestationType,
    authenticator: {aaguid: passkey.aaguid, attachment: passkey.attachment ?? ''},
    transports: passkey.transports,
    authenticatorFlags: {
      userPresent: true,
      userVerified: passkey.userVerified,
      backupEligible: passkey.backupEligible,
      backupState: passkey.backedUp,
    },
    createdAt: timestampFromMs(passkey.createTime),
    updatedAt: timestampFromMs(passkey.updateTime),
    ...(passkey.userAgent ? {userAgent: {raw: passkey.userAgent, url: passkey.origin}} : {}),
    ...(passkey.displayName === undefined ? {} : {displayName: passkey.displayName}),
  }
}
