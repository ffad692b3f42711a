import {createRequire} from 'node:module'

type Protobuf = typeof import('@bufbuild/protobuf')
type ProtobufWire = typeof import('@bufbuild/protobuf/wire')
type ProtobufWkt = typeof import('@bufbuild/protobuf/wkt')

// The SDK is CommonJS, so its descriptors are built with @bufbuild/protobuf's CommonJS build. Importing the package
// from this ES module code would load its ES build as well: a second copy, some sixty more modules in every command
// that calls the API. This seam requires the copy the SDK already loaded.
const require = createRequire(import.meta.url)

/** @bufbuild/protobuf's runtime (create, toJson, fromJson…): the SDK's own copy. */
export function protobuf(): Protobuf {
  return require('@bufbuild/protobuf') as Protobuf
}

/** @bufbuild/protobuf/wire: the SDK's own copy. */
export function protobufWire(): ProtobufWire {
  return require('@bufbuild/protobuf/wire') as ProtobufWire
}

/** @bufbuild/protobuf/wkt (well-known types: Timestamp…): the SDK's own copy. */
export function protobufWkt(): ProtobufWkt {
  return require('@bufbuild/protobuf/wkt') as ProtobufWkt
}
