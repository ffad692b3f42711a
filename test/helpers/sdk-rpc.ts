import type {ScalekitClient} from '@scalekit-sdk/node'

/**
 * Calls a generated RPC through a real SDK client's own transport, token and retries — the mechanism the CLI's
 * `Api.rpc` uses for RPCs the SDK has no method for. Failures are the SDK's own exceptions.
 */
export function sdkRpc<Res>(client: ScalekitClient, service: keyof ScalekitClient, method: string, request: object) {
  const generated = (client[service] as unknown as {client: Record<string, (r: object) => Promise<Res>>}).client
  const fn = generated[method]
  if (!fn) throw new Error(`the SDK has no RPC named ${method}`)
  const {coreClient} = client as unknown as {
    coreClient: {connectExec<T>(f: (r: object) => Promise<T>, r: object): Promise<T>}
  }
  return coreClient.connectExec(fn, request)
}
