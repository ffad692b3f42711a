import {create, type DescMethod, type DescMethodUnary, type Message} from '@bufbuild/protobuf'
import {pathToString} from '@bufbuild/protobuf/reflect'
import {createValidator, type Violation} from '@bufbuild/protovalidate'
import {Code} from '@connectrpc/connect'
import type {EventBus} from '../events/bus.js'
import type {Store} from '../store/store.js'
import {asRpcError, errorCodeName, rpcError} from './errors.js'
import {callableWithClientCredentials} from './method-options.js'
import type {ServiceDefinition} from './service-definition.js'
import type {RpcStats} from './stats.js'

/** Per-call facts the transports extract from the request. */
export interface CallMeta {
  /** The raw `Authorization` header, if any. */
  authorization: string | null | undefined
  origin: string
}

export interface InvokerDeps {
  services: readonly ServiceDefinition[]
  store: Store
  events: EventBus
  stats: RpcStats
  /** Throws if the bearer token is not one this emulator issued to its client. */
  verifyToken: (token: string) => Promise<void>
  log: (line: string) => void
}

export type Invoke = (method: DescMethodUnary, request: Message, call: CallMeta) => Promise<Message>

/**
 * The one RPC pipeline behind both gRPC/Connect and the REST gateway: count, authenticate, authorize, validate
 * with the descriptor's buf.validate rules, then run the service handler.
 */
export function createInvoker({services, store, events, stats, verifyToken, log}: InvokerDeps): Invoke {
  const validator = createValidator()
  const byService = new Map(services.map((definition) => [definition.service, definition]))
  const clientCallable = new Map<DescMethod, boolean>()

  async function authenticate(authorization: string | null | undefined): Promise<void> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
    // UNAUTHENTICATED is the one code that makes the SDK fetch a token and retry.
    try {
      if (!token) throw new Error('missing bearer token')
      await verifyToken(token)
    } catch {
      stats.unauthenticated++
      throw rpcError(Code.Unauthenticated, token ? 'access token is invalid or expired' : 'missing bearer token')
    }
  }

  function authorize(method: DescMethodUnary, name: string): void {
    let callable = clientCallable.get(method)
    if (callable === undefined) {
      callable = callableWithClientCredentials(method)
      clientCallable.set(method, callable)
    }
    if (!callable) throw rpcError(Code.PermissionDenied, `${name} cannot be called with client credentials`)
  }

  function validate(method: DescMethodUnary, request: Message): void {
    const result = validator.validate(method.input, request)
    if (result.kind === 'invalid') {
      throw rpcError(Code.InvalidArgument, result.violations.map(String).join(', '), result.violations.map(toViolation))
    }
    if (result.kind === 'error') throw rpcError(Code.Internal, `validation rules failed: ${result.error.message}`)
  }

  return async (method, request, call) => {
    const name = `${method.parent.name}/${method.name}`
    const started = performance.now()
    stats.countRpc(name)
    try {
      await authenticate(call.authorization)
      authorize(method, name)
      const handler = byService.get(method.parent)?.handlerFor(method)
      if (!handler) throw rpcError(Code.Unimplemented, `${name} is not implemented by the skctl emulator`)
      validate(method, request)
      const response = create(method.output, await handler(request, {store, events, origin: call.origin}))
      log(`rpc ${name} ok ${elapsed(started)}`)
      return response
    } catch (error) {
      const rpcFailure = asRpcError(error)
      log(`rpc ${name} ${errorCodeName(rpcFailure.code).toLowerCase()} ${elapsed(started)}: ${rpcFailure.rawMessage}`)
      throw rpcFailure
    }
  }
}

function toViolation(violation: Violation) {
  return {field: pathToString(violation.field), description: violation.message, constraint: violation.ruleId}
}

function elapsed(started: number): string {
  return `${(performance.now() - started).toFixed(1)}ms`
}
