import {createHash, randomBytes, timingSafeEqual} from 'node:crypto'

/** The part of a stored credential that identifies it: a SHA-256 of the value and its last characters. */
export interface HashedSecret {
  hash: string
  suffix: string
}

const SUFFIX_LENGTH = 4

/**
 * A new bearer value of 256 random bits behind `prefix`. Only its SHA-256 is kept: a fast hash is enough for a value
 * with that much entropy, and it keeps the data directory free of usable credentials.
 */
export function newHashedSecret(prefix: string, bytes = 32): {plain: string; hashed: HashedSecret} {
  const plain = `${prefix}${randomBytes(bytes).toString('base64url')}`
  return {plain, hashed: hashSecret(plain)}
}

export function hashSecret(plain: string): HashedSecret {
  return {hash: digest(plain), suffix: plain.slice(-SUFFIX_LENGTH)}
}

/**
 * The entries whose hash `presented` matches, compared in constant time: every entry is compared, so the time
 * taken does not depend on which one matched.
 */
export function matchingSecrets<T extends HashedSecret>(entries: readonly T[], presented: string): T[] {
  const candidate = Buffer.from(digest(presented), 'hex')
  const matched: T[] = []
  for (const entry of entries) {
    if (timingSafeEqual(candidate, Buffer.from(entry.hash, 'hex'))) matched.push(entry)
  }
  return matched
}

export function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}
