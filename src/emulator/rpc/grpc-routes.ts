import {constants as http2Constants} from 'node:http2'
import type {DescMethod, DescMethodUnary, Message} from '@bufbuild/protobuf'
import {
  Code,
  ConnectError,
  createConnectRouter,
  createContextKey,
  createContextValues,
  type HandlerContext,
} from '@connectrpc/connect'
import {
  compressionBrotli,
  compressionGzip,
  universalRequestFromNodeRequest,
  universalResponseToNodeResponse,
} from '@connectrpc/connect-node'
import {requestOrigin} from '../http/host-check.js'
import {type HttpRequest, type HttpResponse, headerValue, sendJson} from '../http/http-util.js'
import {resetConnection} from '../transport/dual-protocol-server.js'
import {ConnectionReset} from './connection-reset.js'
import type {RpcPipeline} from './invoke.js'
import type {ServiceDefinition} from './service-definition.js'
import {createStandInHandler, rpcNameOfPath} from './unserved.js'

/** The largest request message accepted: gRPC's own default (grpc-go, grpc-java, grpc-node all use 4 MiB). */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024

const originKey = createContextKey('', {description: 'origin the client addressed'})
const requestKey = createContextKey<HttpRequest | undefined>(undefined, {description: 'the Node request'})
const authenticatedKey = createContextKey(false, {description: 'authenticated from the headers already'})

/**
 * gRPC (what the SDK speaks, over h2c), gRPC-web and Connect (handy with curl) for every method of every registered
 * service. Every RPC the emulator does not serve — a method without a handler, or any other `/pkg.Service/Method`
 * path — answers Unimplemented naming it, authenticated or not, in the caller's protocol (a stock gRPC client
 * reads an HTTP 404 as a transport failure). Other paths get a 404.
 *
 * A caller is authenticated from its headers before a byte of the body is read, and connect refuses a message
 * over MAX_MESSAGE_BYTES with ResourceExhausted as it streams in (a gRPC envelope announcing more is refused at
 * once): one unauthenticated client cannot make the emulator buffer a large upload.
 */
export function createGrpcHandler(
  services: readonly ServiceDefinition[],
  pipeline: RpcPipeline,
): (request: HttpRequest, response: HttpResponse) => void {
  const routerOptions = {readMaxBytes: MAX_MESSAGE_BYTES, acceptCompression: [compressionGzip, compressionBrotli]}
  const router = createConnectRouter(routerOptions)
  const standIn = createStandInHandler(routerOptions)
  const methods = new Map<string, DescMethodUnary>()
  for (const {service} of services) {
    for (const method of service.methods.filter(isUnary)) methods.set(`/${service.typeName}/${method.name}`, method)
  }
  // Each method's handler is made on its first call: making all of them (some two hundred) was a noticeable part
  // of an emulator's start, and a run calls few.
  const handlers = new Map<string, UniversalHandler>()
  const handlerOf = (path: string): UniversalHandler | undefined => {
    let handler = handlers.get(path)
    const method = handler ? undefined : methods.get(path)
    if (method) {
      router.rpc(method, (request, context) => invoke(method, request, context))
      handler = router.handlers.at(-1)!
      handlers.set(path, handler)
    }
    return handler
  }

  async function invoke(method: DescMethodUnary, request: Message, context: HandlerContext): Promise<Message> {
    try {
      return await pipeline.invoke(method, request, {
        authorization: context.requestHeader.get('authorization'),
        authenticated: context.values.get(authenticatedKey),
        origin: context.values.get(originKey),
      })
    } catch (error) {
      const nodeRequest = context.values.get(requestKey)
      if (!(error instanceof ConnectionReset) || !nodeRequest) throw error
      resetConnection(nodeRequest)
      // connect-node takes Aborted for a client that went away: it writes nothing more and logs nothing.
      throw new ConnectError(error.message, Code.Aborted)
    }
  }

  return (request, response) => {
    const path = (request.url ?? '').split('?', 1)[0]!
    const handler = handlerOf(path)
    const unservedName = handler ? undefined : rpcNameOfPath(path)
    if (!handler && !unservedName) {
      sendJson(response, 404, {code: 5, message: `no route for ${request.method} ${request.url}`, details: []})
      return
    }
    const served = handler
      ? serve(handler, request, response)
      : respond(standIn, request, response, pipeline.unserved(unservedName!))
    served.catch((error: unknown) => {
      const name = handler?.method.name ?? unservedName
      if (ConnectError.from(error).code !== Code.Aborted) pipeline.log(`rpc ${name} failed: ${error}`)
    })
  }

  type UniversalHandler = (typeof router.handlers)[number]

  async function serve(handler: UniversalHandler, request: HttpRequest, response: HttpResponse): Promise<void> {
    const refusal = await pipeline.authenticate(handler.method, headerValue(request, 'authorization'))
    await respond(handler, request, response, refusal)
  }

  /** Runs the handler; with a refusal, connect answers it in the caller's protocol without reading the body. */
  async function respond(
    handler: UniversalHandler,
    request: HttpRequest,
    response: HttpResponse,
    refusal: ConnectError | undefined,
  ): Promise<void> {
    const contextValues = createContextValues()
      .set(originKey, requestOrigin(request))
      .set(requestKey, request)
      .set(authenticatedKey, refusal === undefined)
    const universal = universalRequestFromNodeRequest(request, response, undefined, contextValues)
    if (refusal) {
      // The body is never read: connect answers the error it raises in the caller's protocol. A declared length
      // goes too, or connect would judge it (against MAX_MESSAGE_BYTES) before asking for the body.
      universal.header.delete('content-length')
      universal.body = refusingBody(refusal)
    }
    response.once('finish', uploadStopper(request))
    await universalResponseToNodeResponse(await handler(universal), response)
  }
}

/** A request body that fails on first read, without touching the socket. */
function refusingBody(error: ConnectError): AsyncIterable<Uint8Array> {
  return {
    [Symbol.asyncIterator]: () => ({next: () => Promise.reject(error)}),
  }
}

/**
 * For when the answer went out before the upload ended (refused, or too large). HTTP/2 tells the client to stop
 * sending with RST_STREAM NO_ERROR after a complete response (RFC 9113 §8.1); HTTP/1.1 has no such signal, and
 * reading the rest only to discard it would let the client keep the connection busy: close it.
 */
function uploadStopper(request: HttpRequest): () => void {
  if ('stream' in request) {
    const {stream} = request
    return () => {
      if (!stream.destroyed && stream.state.remoteClose !== 1) stream.close(http2Constants.NGHTTP2_NO_ERROR)
    }
  }
  // Node detaches the socket from the request once the response is done.
  const {socket} = request
  return () => {
    if (!request.complete) socket.end()
  }
}

function isUnary(method: DescMethod): method is DescMethodUnary {
  return method.methodKind === 'unary'
}
