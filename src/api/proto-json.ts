import type {DescMessage, MessageShape} from '@bufbuild/protobuf'
import {protobuf} from './protobuf.js'

/**
 * Protobuf messages hold BigInt (int64, Timestamp.seconds), which JSON.stringify rejects; toJson gives the
 * canonical JSON form. Implicit defaults are kept so the shape is stable for scripts.
 */
export async function protoJson<T>(schema: DescMessage, message: MessageShape<DescMessage>): Promise<T> {
  const {toJson} = protobuf()
  return toJson(schema, message, {alwaysEmitImplicit: true}) as T
}
