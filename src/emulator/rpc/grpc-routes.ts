import type {DescMethod, DescMethodUnary} from '@bufbuild/protobuf'
import {Code, ConnectError, createContextKey, createContextValues} from '@connectrpc/connect'
import {connectNodeAdapter} from '@connectrpc/connect-node'
import {requestOrigin} from '../http/host-check.js'
import {type HttpRequest, type HttpResponse, sendJson} from '../http/http-util.js'
import {resetConnection} from '../transport/dual-protocol-server.js'
import {ConnectionReset} from './connection-reset.js'
import type {Invoke} from './invoke.js'
import type {ServiceDefinition} from './service-definition.js'

const originKey = createContextKey('', {description: 'origin the client addressed'})
const requestKey = createContextKey<HttpRequest | undefined>(undefined, {description: 'the Node request'})

/**
 * gRPC (what the SDK speaks, over h2c), gRPC-web and Connect (handy with curl) for every method of every registered
 * service. All methods are routed, implemented or not, so the invoker answers Unauthenticated / PermissionDenied /
 * Unimplemented consistently; services that are not registered fall through to a 404, which gRPC clients report
 * as Unimplemented.
 */
export function createGrpcHandler(
  services: readonly ServiceDefinition[],
  invoke: Invoke,
): (request: HttpRequest, response: HttpResponse) => void {
  return connectNodeAdapter({
    routes(router) {
      for (const {service} of services) {
        for (const method of service.methods.filter(isUnary)) {
          router.rpc(method, async (request, context) => {
            try {
              return await invoke(method, request, {
                authorization: context.requestHeader.get('authorization'),
                origin: context.values.get(originKey),
              })
            } catch (error) {
              const nodeRequest = context.values.get(requestKey)
              if (!(error instanceof ConnectionReset) || !nodeRequest) throw error
              resetConnection(nodeRequest)
              // connect-node takes Aborted for a client that went away: it writes nothing more and logs nothing.
              throw new ConnectError(error.message, Code.Aborted)
            }
          })
        }
      }
    },
    contextValues: (request) => createContextValues().set(originKey, requestOrigin(request)).set(requestKey, request),
    fallback: (request, response) => {
      sendJson(response, 404, {code: 5, message: `no route for ${request.method} ${request.url}`, details: []})
    },
  })
}

function isUnary(method: DescMethod): method is DescMethodUnary {
  return method.methodKind === 'unary'
}
