// The relying party of the emulator's passkeys is the emulator's own page origin. WebAuthn takes no IP address as
// an RP ID, so the ceremonies run on `localhost` (which browsers also count as a secure context over plain HTTP).

/** The host name the passkeys page is served on. */
export const PASSKEY_HOSTNAME = 'localhost'
export const RP_NAME = 'Scalekit emulator'

/** The RP ID of a ceremony that ran on `origin`: its host name. */
export function passkeyRpId(origin: string): string {
  return new URL(origin).hostname
}

/** The WebAuthn user handle of a user: the id's bytes, base64url, as the browser reports it back. */
export function userHandleOf(userId: string): string {
  return Buffer.from(userId, 'utf8').toString('base64url')
}

/** The user id a user handle stands for. */
export function userIdOfHandle(handle: string): string {
  return Buffer.from(handle, 'base64url').toString('utf8')
}

/** The same URL on the passkeys host: `http://127.0.0.1:8080/x` -> `http://localhost:8080/x`. */
export function onPasskeyHost(url: URL): URL {
  const moved = new URL(url)
  moved.hostname = PASSKEY_HOSTNAME
  return moved
}
