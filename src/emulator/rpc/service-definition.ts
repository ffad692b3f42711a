import type {DescMessage, DescMethod, DescService, MessageInitShape, MessageShape} from '@bufbuild/protobuf'
import type {EventBus} from '../events/bus.js'
import type {InvitationLinks} from '../invitations/links.js'
import type {PasswordlessState} from '../passwordless/state.js'
import type {Store} from '../store/store.js'

/** What a handler gets besides its request. */
export interface RpcContext {
  store: Store
  /** The origin the client used, e.g. `http://127.0.0.1:8080`: the base for URLs handed back (portal links). */
  origin: string
  /** Where services announce changes (webhooks subscribe). */
  events: EventBus
  /** Passwordless auth requests, limits and outbox: in memory, not in the store. */
  passwordless: PasswordlessState
  /** Invitation emails and their accept links: in memory, like the outbox they land in. */
  invitations: InvitationLinks
}

type UnaryHandler<I extends DescMessage, O extends DescMessage> = (
  request: MessageShape<I>,
  context: RpcContext,
) => MessageInitShape<O> | Promise<MessageInitShape<O>>

/** Handlers keyed by the method's local name (`createOrganization`), typed from the SDK's descriptor. */
export type ServiceHandlers<S extends DescService> = {
  [K in keyof S['method']]?: S['method'][K] extends {
    input: infer I extends DescMessage
    output: infer O extends DescMessage
  }
    ? UnaryHandler<I, O>
    : never
}

/** A registered service: the SDK descriptor and the handlers the emulator implements for it. */
export interface ServiceDefinition {
  service: DescService
  handlerFor(method: DescMethod): UnaryHandler<DescMessage, DescMessage> | undefined
}

export function defineService<S extends DescService>(service: S, handlers: ServiceHandlers<S>): ServiceDefinition {
  const byLocalName = handlers as Record<string, UnaryHandler<DescMessage, DescMessage> | undefined>
  return {
    service,
    handlerFor: (method) => (method.parent === service ? byLocalName[method.localName] : undefined),
  }
}
