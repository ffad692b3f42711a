import {createHash, randomBytes} from 'node:crypto'

const base64url = (bytes: Buffer) => bytes.toString('base64url')

/** RFC 7636 §4.1: 32 random bytes, base64url — a 43-character verifier. */
export function createVerifier(): string {
  return base64url(randomBytes(32))
}

/** RFC 7636 §4.2, S256: BASE64URL(SHA256(ASCII(verifier))). */
export function challengeFor(verifier: string): string {
  return base64url(createHash('sha256').update(verifier, 'ascii').digest())
}

/** 256-bit values for `state` and `nonce`: unguessable, one per attempt. */
export function randomToken(): string {
  return base64url(randomBytes(32))
}
