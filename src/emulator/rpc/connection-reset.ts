/**
 * Thrown by the invoker when a fault says "drop the connection": the transports answer it with `resetConnection`
 * (transport/dual-protocol-server.ts), never with a response. Not a ConnectError: `instanceof` on a ConnectError
 * subclass matches every ConnectError.
 */
export class ConnectionReset extends Error {
  override name = 'ConnectionReset'

  constructor() {
    super('connection reset by an injected fault')
  }
}
