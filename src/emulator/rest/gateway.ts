import {type JsonValue, toJson} from '@bufbuild/protobuf'
import {Code, type ConnectError} from '@connectrpc/connect'
import {requestOrigin} from '../http/host-check.js'
import {
  BodyTooLargeError,
  type HttpRequest,
  type HttpResponse,
  headerValue,
  readBody,
  sendJson,
} from '../http/http-util.js'
import {ConnectionReset} from '../rpc/connection-reset.js'
import {asRpcError, httpStatusOf, invalidArgument, restErrorBody, rpcError} from '../rpc/errors.js'
import type {Invoke} from '../rpc/invoke.js'
import type {ServiceDefinition} from '../rpc/service-definition.js'
import {resetConnection} from '../transport/dual-protocol-server.js'
import {restRequestMessage} from './request-message.js'
import {RestRouteTable} from './route-table.js'

export type RestHandler = (request: HttpRequest, response: HttpResponse, url: URL) => Promise<void>

/**
 * The `/api/v1/...` REST API of every registered service, derived from the descriptors' `google.api.http` rules
 * and answered by the same invoker as gRPC. Responses use proto field names (snake_case) and include fields with
 * default values, like Scalekit's documented responses (`"prev_page_token": ""`).
 */
export function createRestGateway(services: readonly ServiceDefinition[], invoke: Invoke): RestHandler {
  // Compiled on the first REST request rather than at start: the SDK speaks gRPC, and the table (every method's
  // path templates, as regular expressions) was a noticeable part of an emulator's start.
  let routes: RestRouteTable | undefined
  return async (request, response, url) => {
    try {
      const verb = request.method ?? 'GET'
      routes ??= new RestRouteTable(services)
      const match = routes.match(verb, url.pathname)
      if (!match) throw rpcError(Code.NotFound, `no REST route for ${verb} ${url.pathname}`)
      const message = restRequestMessage(match, url.searchParams, await readJsonBody(request))
      const output = await invoke(match.route.method, message, {
        authorization: headerValue(request, 'authorization'),
        origin: requestOrigin(request),
      })
      sendJson(
        response,
        200,
        toJson(match.route.method.output, output, {useProtoFieldName: true, alwaysEmitImplicit: true}),
      )
    } catch (error) {
      if (error instanceof ConnectionReset) {
        resetConnection(request)
        return
      }
      sendRestError(
        response,
        error instanceof BodyTooLargeError ? rpcError(Code.InvalidArgument, error.message) : error,
      )
    }
  }
}

function sendRestError(response: HttpResponse, error: unknown): void {
  const failure: ConnectError = asRpcError(error)
  const headers: Record<string, string> = failure.code === Code.Unauthenticated ? {'www-authenticate': 'Bearer'} : {}
  // A rate limit says when to come back (RFC 9110 §10.2.3).
  const retryAfter = failure.metadata.get('retry-after')
  if (retryAfter) headers['retry-after'] = retryAfter
  sendJson(response, httpStatusOf(failure.code), restErrorBody(failure), headers)
}

async function readJsonBody(request: HttpRequest): Promise<JsonValue | undefined> {
  const text = (await readBody(request)).toString('utf8')
  if (text.trim() === '') return undefined
  try {
    return JSON.parse(text) as JsonValue
  } catch (error) {
    throw invalidArgument(`request body is not valid JSON: ${(error as Error).message}`)
  }
}
