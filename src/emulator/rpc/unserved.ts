import {create, createFileRegistry, type DescMethod, type DescMethodUnary} from '@bufbuild/protobuf'
import {file_google_protobuf_empty, FileDescriptorProtoSchema} from '@bufbuild/protobuf/wkt'
import {Code, type ConnectError, createConnectRouter, type ConnectRouterOptions} from '@connectrpc/connect'
import type {UniversalHandler} from '@connectrpc/connect/protocol'
import {rpcError} from './errors.js'

/**
 * `/package.Service/Method`, as gRPC, gRPC-web and Connect address an RPC. Bounded, and only word characters and
 * dots, so the name is safe to log and to put in a message.
 */
const RPC_PATH = /^\/([A-Za-z_]\w{0,99}(?:\.[A-Za-z_]\w{0,99}){1,10})\/([A-Za-z_]\w{0,99})$/

/** `scalekit.v1.sessions.SessionService/GetSession` for an RPC path, or undefined for a path that is no RPC. */
export function rpcNameOfPath(path: string): string | undefined {
  const match = RPC_PATH.exec(path)
  return match ? `${match[1]}/${match[2]}` : undefined
}

/**
 * What every RPC the emulator does not serve answers, authenticated or not: UNIMPLEMENTED naming the RPC, with the
 * ErrorInfo detail Scalekit's errors carry (a client reading `grpc-status-details-bin` finds a google.rpc.Status).
 */
export function unimplemented(name: string): ConnectError {
  return rpcError(Code.Unimplemented, `${name} is not implemented by the skctl emulator`)
}

/**
 * One connect handler for any RPC path, to answer an error in the caller's own protocol: gRPC (HTTP 200,
 * `grpc-status: 12` in the trailers), gRPC-web (its trailer frame) or Connect (HTTP 501, JSON error). The method
 * it is built from is a stand-in: the transport never lets it read the request body, so its types do not matter.
 */
export function createStandInHandler(options: ConnectRouterOptions): UniversalHandler {
  const router = createConnectRouter(options)
  router.rpc(standInMethod(), () => {
    throw new Error('unreachable: a stand-in call never reads its request')
  })
  return router.handlers[0]!
}

function standInMethod(): DescMethodUnary {
  const registry = createFileRegistry(
    create(FileDescriptorProtoSchema, {
      name: 'skctl/emulator/unserved.proto',
      package: 'skctl.emulator',
      dependency: ['google/protobuf/empty.proto'],
      syntax: 'proto3',
      service: [
        {
          name: 'Unserved',
          method: [{name: 'Any', inputType: '.google.protobuf.Empty', outputType: '.google.protobuf.Empty'}],
        },
      ],
    }),
    (name) => (name === file_google_protobuf_empty.proto.name ? file_google_protobuf_empty : undefined),
  )
  const method = registry.getService('skctl.emulator.Unserved')?.methods[0]
  if (!method || !isUnary(method)) throw new Error('the stand-in RPC descriptor did not build')
  return method
}

function isUnary(method: DescMethod): method is DescMethodUnary {
  return method.methodKind === 'unary'
}
