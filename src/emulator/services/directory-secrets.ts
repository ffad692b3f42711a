import {SecretStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {matchingSecrets, newHashedSecret} from '../credentials/hashed-secret.js'
import type {DirectoryRecord, DirectorySecretRecord} from '../store/records.js'
import type {Store} from '../store/store.js'

/** A new SCIM bearer secret: 256 random bits, of which only the SHA-256 is stored. */
export function newDirectorySecret(store: Store, now: number): {plain: string; record: DirectorySecretRecord} {
  const {plain, hashed} = newHashedSecret('scim_')
  const record: DirectorySecretRecord = {
    id: store.newId('dirsecret'),
    ...hashed,
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
  return matchingSecrets(directory.secrets, token).find((secret) => secret.status === SecretStatus.ACTIVE)
}
