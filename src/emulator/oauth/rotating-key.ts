import {generateKeyPairSync, type JsonWebKey, type KeyObject} from 'node:crypto'

import {createSigningKey, type SigningKey, storeSigningKey} from './signing-key.js'

/**
 * The emulator's signing key as the rest of the emulator sees it: always the current key, which a rotation (the
 * `key_rotation` fault) replaces with a new one under a new kid. The JWKS publishes only the current key, as an OP
 * that withdraws the old key at rotation does; the emulator itself still accepts its own API tokens signed before.
 */
export class RotatingKey implements SigningKey {
  private currentKey?: SigningKey
  /** Keys signed with since start, by kid: API tokens minted before a rotation stay valid for their lifetime. */
  private readonly retired = new Map<string, SigningKey>()
  private secondJwk?: JsonWebKey
  /**
   * Settles once the first key is there. The emulator listens before that (generating a key takes longer than
   * everything else at start) and holds each request until then: nothing may read the key before it resolves.
   */
  readonly ready: Promise<void>

  constructor(
    initial: Promise<SigningKey>,
    private readonly dataDir?: string,
  ) {
    this.ready = initial.then((key) => {
      this.currentKey = key
    })
    // Whoever awaits `ready` sees a failure; without that, it must not surface as an unhandled rejection.
    this.ready.catch(() => {})
  }

  private get current(): SigningKey {
    if (!this.currentKey) throw new Error('the signing key is not ready yet: await `ready` first')
    return this.currentKey
  }

  private set current(key: SigningKey) {
    this.currentKey = key
  }

  get kid(): string {
    return this.current.kid
  }

  get privateKey(): KeyObject {
    return this.current.privateKey
  }

  get publicKey(): KeyObject {
    return this.current.publicKey
  }

  get publicJwk(): JsonWebKey {
    return this.current.publicJwk
  }

  /** Signs with a new key from now on and withdraws the old one from the JWKS; kept in the data directory. */
  rotate(): void {
    const next = createSigningKey()
    if (this.dataDir !== undefined) storeSigningKey(this.dataDir, next)
    this.retired.set(this.current.kid, this.current)
    this.current = next
  }

  /** The public key for a kid this emulator signed with (current or retired). */
  verificationKey(kid: string | undefined): KeyObject | undefined {
    if (kid === this.current.kid) return this.current.publicKey
    return kid === undefined ? undefined : this.retired.get(kid)?.publicKey
  }

  /** For jose's verify functions: the public key of the token's kid, when this emulator signed with it. */
  readonly resolveKey = (header: {kid?: string}): KeyObject => {
    const publicKey = this.verificationKey(header.kid)
    if (!publicKey) throw new Error('the token was not signed by this emulator')
    return publicKey
  }

  /**
   * `GET /keys`. With `secondKey` a second RSA key (one no token is signed with) is published too, so a token
   * without kid meets several candidate keys (OpenID conformance rp-id_token-kid-absent-multiple-jwks).
   */
  jwks({secondKey}: {secondKey: boolean}): {keys: JsonWebKey[]} {
    if (!secondKey) return {keys: [this.current.publicJwk]}
    this.secondJwk ??= {
      ...generateKeyPairSync('rsa', {modulusLength: 2048}).publicKey.export({format: 'jwk'}),
      alg: 'RS256',
      kid: `snk_emulator_second_${this.current.kid.slice(-8)}`,
      use: 'sig',
    }
    return {keys: [this.current.publicJwk, this.secondJwk]}
  }
}
