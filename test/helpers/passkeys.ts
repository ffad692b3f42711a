import {createHash, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject} from 'node:crypto'
import {type CBORType, encodeCBOR} from '@levischuck/tiny-cbor'
import {fullStackLogin} from './sessions.js'

// A software authenticator for in-process tests: it answers the emulator's passkey ceremonies over HTTP the way a
// browser and a platform authenticator would (ES256 key, "none" attestation), so tests of the WebAuthn API need no
// browser. The browser test (test/browser/passkeys.test.ts) runs the same ceremonies in Chromium.

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url')

/** The page origin of the emulator's passkey ceremonies: its URL on `localhost`. */
export function passkeyOrigin(url: string): string {
  const moved = new URL(url)
  moved.hostname = 'localhost'
  return moved.origin
}

/** A full-stack login through the IdP simulator whose code the app redeemed: the browser's sign-in cookie. */
export async function signInForPasskeys(url: string, organizationId: string, email: string): Promise<string> {
  return (await fullStackLogin(url, organizationId, email)).browserCookie
}

/** A POST as the passkeys page's own script sends it. */
export async function postAsPage(
  origin: string,
  path: string,
  body: unknown,
  cookie?: string,
): Promise<{status: number; json: Record<string, unknown>}> {
  const response = await fetch(`${origin}${path}`, {
    method: 'POST',
    headers: {'content-type': 'application/json', origin, ...(cookie ? {cookie} : {})},
    body: JSON.stringify(body),
  })
  return {status: response.status, json: (await response.json()) as Record<string, unknown>}
}

interface CreationOptions {
  challenge: string
  rp: {id: string}
  user: {id: string}
}

/** One ES256 key pair, as a platform authenticator keeps it; signs registrations and assertions. */
export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(16)
  private readonly privateKey: KeyObject
  private readonly publicKey: KeyObject
  private counter = 0
  private userHandle = ''

  constructor() {
    const pair = generateKeyPairSync('ec', {namedCurve: 'P-256'})
    this.privateKey = pair.privateKey
    this.publicKey = createPublicKey(pair.privateKey)
  }

  get id(): string {
    return b64url(this.credentialId)
  }

  /** The RegistrationResponseJSON a browser hands back from navigator.credentials.create. */
  attest(options: CreationOptions, origin: string, clientData: Record<string, unknown> = {}): object {
    this.userHandle = options.user.id
    const jwk = this.publicKey.export({format: 'jwk'})
    const coseKey = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ])
    const length = Buffer.alloc(2)
    length.writeUInt16BE(this.credentialId.length)
    const attested = Buffer.concat([Buffer.alloc(16), length, this.credentialId, encodeCBOR(coseKey)])
    const authData = this.authData(options.rp.id, 0x45, attested)
    const attestationObject = encodeCBOR(
      new Map<string, CBORType>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authData],
      ]),
    )
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
      response: {
        clientDataJSON: this.clientData('webauthn.create', options.challenge, origin, clientData),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
    }
  }

  /**
   * The AuthenticationResponseJSON a browser hands back from navigator.credentials.get. `counter` is the signature
   * counter to report: the next one unless a test makes a cloned authenticator.
   */
  assert(options: {challenge: string; rpId: string}, origin: string, counter = this.counter + 1): object {
    this.counter = counter
    const authData = this.authData(options.rpId, 0x05)
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, origin)
    const signed = Buffer.concat([
      authData,
      createHash('sha256').update(Buffer.from(clientDataJSON, 'base64url')).digest(),
    ])
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      clientExtensionResults: {},
      response: {
        clientDataJSON,
        authenticatorData: b64url(authData),
        signature: b64url(sign('sha256', signed, this.privateKey)),
        userHandle: this.userHandle,
      },
    }
  }

  private authData(rpId: string, flags: number, attested = Buffer.alloc(0)): Buffer {
    const count = Buffer.alloc(4)
    count.writeUInt32BE(this.counter)
    return Buffer.concat([createHash('sha256').update(rpId).digest(), Buffer.from([flags]), count, attested])
  }

  private clientData(type: string, challenge: string, origin: string, extra: Record<string, unknown> = {}): string {
    return b64url(Buffer.from(JSON.stringify({type, challenge, origin, crossOrigin: false, ...extra})))
  }
}

/** Registers a passkey for the signed-in browser of `cookie` through the emulator's ceremony; returns its `wac_` id. */
export async function registerPasskey(
  url: string,
  cookie: string,
  authenticator = new SoftwareAuthenticator(),
  displayName = 'Test key',
): Promise<string> {
  const origin = passkeyOrigin(url)
  const options = await postAsPage(origin, '/passkeys/registration/options', {}, cookie)
  if (options.status !== 200) throw new Error(`registration options: ${JSON.stringify(options.json)}`)
  const response = authenticator.attest(options.json as unknown as CreationOptions, origin)
  const finished = await postAsPage(origin, '/passkeys/registration', {displayName, response}, cookie)
  if (finished.status !== 200) throw new Error(`registration: ${JSON.stringify(finished.json)}`)
  return finished.json.id as string
}
