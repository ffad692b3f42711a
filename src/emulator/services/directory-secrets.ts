import {createHash, randomBytes, timingSafeEqual} from 'node:crypto'
import {SecretStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import type {DirectoryRecord, DirectorySecretRecord} from '../store/records.js'
import type {Store} from '../store/store.js'

const SUFFIX_LENGTH = 4

/**
 * A new SCIM bearer secret: 256 random bits. Only its SHA-256 is stored — a fast hash is enough for a value
 * with that much entropy, and it keeps the data directory free of usable credentials.
 */
export function newDirectorySecret(store: Store, now: number): {plain: string; record: DirectorySecretRecord} {
  const plain = `scim_${randomBytes(32).toString('base64url')}`
  const record: DirectorySecretRecord = {
    id: store.newId('dirsecret'),
    hash: digest(plain),
    suffix: plain.slice(-SUFFIX_LENGTH),
    status: SecretStatus.ACTIVE,
    createTime: now,
  }
  return {plain, record}
}

export function activeSecret(directory: DirectoryRecord): DirectorySecretRecord | undefined {
  return directory.secrets.find((secret) => secret.status === SecretStatus.ACTIVE)
}

/** The active secret `token` is, compared in constant time. */
export function matchSecret(directory: DirectoryRecord, token: string): DirectorySecretRecord | undefined {
  const presented = Buffer.from(digest(token), 'hex')
  let matched: DirectorySecretRecord | undefined
  // Every active secret is compared, so the time taken does not depend on which one matched.
  for (const secret of directory.secrets) {
    const equal = timingSafeEqual(presented, Buffer.from(secret.hash, 'hex'))
    if (equal && secret.status === SecretStatus.ACTIVE) matched = secret
  }
  return matched
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex')
}
