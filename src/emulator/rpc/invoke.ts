import {
  create,
  type DescMessage,
  type DescMethod,
  type DescMethodUnary,
  type Message,
  type MessageInitShape,
  type MessageShape,
} from '@bufbuild/protobuf'
import {pathToString} from '@bufbuild/protobuf/reflect'
import {createValidator, type Violation} from '@bufbuild/protovalidate'
import {Code, type ConnectError} from '@connectrpc/connect'
import type {EventBus} from '../events/bus.js'
import type {InvitationLinks} from '../invitations/links.js'
import type {PasswordlessState} from '../passwordless/state.js'
import type {Store} from '../store/store.js'
import type {ApiFaults} from './api-faults.js'
import {ConnectionReset} from './connection-reset.js'
import {asRpcError, errorCodeName, rpcError} from './errors.js'
import {callableWithClientCredentials} from './method-options.js'
import type {ServiceDefinition} from './service-definition.js'
import type {RpcStats} from './stats.js'
import {unimplemented} from './unserved.js'

/** Per-call facts the transports extract from the request. */
export interface CallMeta {
  /** The raw `Authorization` header, if any. */
  authorization: string | null | undefined
  /** The transport already authenticated the call from its headers (before reading its body). */
  authenticated?: boolean
  origin: string
}

export interface InvokerDeps {
  services: readonly ServiceDefinition[]
  store: Store
  events: EventBus
  passwordless: PasswordlessState
  invitations: InvitationLinks
  stats: RpcStats
  /** Injected API faults (rate limits, failures, latency, resets); none when undefined. */
  faults?: ApiFaults
  /** Throws if the bearer token is not one this emulator issued to its client. */
  verifyToken: (token: string) => Promise<void>
  log: (line: string) => void
}

export type Invoke = (method: DescMethodUnary, request: Message, call: CallMeta) => Promise<Message>

/** The invoker, plus what a transport needs to refuse a call before it reads the request. */
export interface RpcPipeline {
  invoke: Invoke
  /**
   * Checks the `Authorization` header alone. A refusal is counted and logged as that call's outcome and returned
   * (not thrown) for the transport to send; undefined when the caller is authenticated.
   */
  authenticate(method: DescMethod, authorization: string | null | undefined): Promise<ConnectError | undefined>
  /** Logs a call of an RPC of no registered service (`pkg.Service/Method`) and returns its Unimplemented answer. */
  unserved(name: string): ConnectError
  log: (line: string) => void
}

/**
 * Validates a request with the descriptor's buf.validate rules and runs its service handler: the part of an RPC
 * that does not depend on the caller. The emulator's own pages (the admin portal) call services through it, as
 * the environment itself, without a token.
 */
export type RunHandler = <I extends DescMessage, O extends DescMessage>(
  method: DescMethodUnary<I, O>,
  request: MessageInitShape<I>,
  origin: string,
) => Promise<MessageShape<O>>

export function createHandlerRunner({
  services,
  store,
  events,
  passwordless,
  invitations,
}: Pick<InvokerDeps, 'services' | 'store' | 'events' | 'passwordless' | 'invitations'>): RunHandler {
  const validator = createValidator()
  const byService = new Map(services.map((definition) => [definition.service, definition]))
  return async (method, init, origin) => {
    const handler = byService.get(method.parent)?.handlerFor(method)
    if (!handler) throw unimplemented(method.parent.typeName + '/' + method.name)
    const request = create(method.input, init)
    const result = validator.validate(method.input, request)
    if (result.kind === 'invalid') {
      throw rpcError(Code.InvalidArgument, result.violations.map(String).join(', '), result.violations.map(toViolation))
    }
    if (result.kind === 'error') throw rpcError(Code.Internal, `validation rules failed: ${result.error.message}`)
    const output = await handler(request, {store, events, passwordless, invitations, origin})
    // Handlers are stored untyped; the one found for `method` answers with its output type.
    return create(method.output, output as MessageInitShape<typeof method.output>)
  }
}

/**
 * The one RPC pipeline behind both gRPC/Connect and the REST gateway: count, authenticate, authorize, apply the
 * injected API faults, validate with the descriptor's buf.validate rules, then run the service handler. A
 * ConnectionReset fault leaves unconverted: the transport drops the connection instead of answering.
 */
export function createInvoker({
  services,
  store,
  events,
  passwordless,
  invitations,
  stats,
  faults,
  verifyToken,
  log,
}: InvokerDeps): RpcPipeline {
  const run = createHandlerRunner({services, store, events, passwordless, invitations})
  const clientCallable = new Map<DescMethod, boolean>()
  const byService = new Map(services.map((definition) => [definition.service, definition]))
  // Unimplemented comes before any credential check: the answer does not depend on who asks.
  const unimplementedFor = (method: DescMethod): ConnectError | undefined =>
    byService.get(method.parent)?.handlerFor(method)
      ? undefined
      : unimplemented(`${method.parent.typeName}/${method.name}`)

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

  const invoke: Invoke = async (method, request, call) => {
    const name = `${method.parent.name}/${method.name}`
    const started = performance.now()
    // A call authenticated in advance was counted then.
    if (!call.authenticated) stats.countRpc(name)
    try {
      const unserved = unimplementedFor(method)
      if (unserved) throw unserved
      if (!call.authenticated) await authenticate(call.authorization)
      authorize(method, name)
      const handle = (): Promise<Message> => run(method, request, call.origin)
      const response = await (faults ? faults.apply(method, handle) : handle())
      log(`rpc ${name} ok ${elapsed(started)}`)
      return response
    } catch (error) {
      if (error instanceof ConnectionReset) {
        log(`rpc ${name} connection reset ${elapsed(started)} (injected fault)`)
        throw error
      }
      const rpcFailure = asRpcError(error)
      logFailure(name, rpcFailure, started)
      throw rpcFailure
    }
  }

  function logFailure(name: string, failure: ConnectError, started: number): void {
    log(`rpc ${name} ${errorCodeName(failure.code).toLowerCase()} ${elapsed(started)}: ${failure.rawMessage}`)
  }

  return {
    invoke,
    async authenticate(method, authorization) {
      const name = `${method.parent.name}/${method.name}`
      const started = performance.now()
      stats.countRpc(name)
      try {
        const unserved = unimplementedFor(method)
        if (unserved) throw unserved
        await authenticate(authorization)
        return undefined
      } catch (error) {
        const refusal = asRpcError(error)
        logFailure(name, refusal, started)
        return refusal
      }
    },
    unserved(name) {
      const refusal = unimplemented(name)
      log(`rpc ${name} unimplemented: not served by the emulator`)
      return refusal
    },
    log,
  }
}

function toViolation(violation: Violation) {
  return {field: pathToString(violation.field), description: violation.message, constraint: violation.ruleId}
}

function elapsed(started: number): string {
  return `${(performance.now() - started).toFixed(1)}ms`
}
