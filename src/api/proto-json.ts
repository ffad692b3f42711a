import type {DescMessage, MessageShape} from '@bufbuild/protobuf'
import {protobuf} from './protobuf.js'

/**
 * A module loaded on first use, the same promise afterwards: a dynamic `import()` of a module already loaded still
 * costs tens of microseconds (the loader resolves it again), which adds up over thousands of list items.
 */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined
  return () => (loaded ??= load())
}

/**
 * Protobuf messages hold BigInt (int64, Timestamp.seconds), which JSON.stringify rejects; toJson gives the
 * canonical JSON form. Implicit defaults are kept so the shape is stable for scripts.
 */
export async function protoJson<T>(schema: DescMessage, message: MessageShape<DescMessage>): Promise<T> {
  const {toJson} = protobuf()
  return toJson(schema, message, {alwaysEmitImplicit: true}) as T
}
