import {createRequire} from 'node:module'
import type {ScalekitClient} from '@scalekit-sdk/node'

// The SDK is CommonJS, so `require` loads its parts synchronously: a sub-client can then load on first property
// access and callers keep using the ScalekitClient interface unchanged.
const require = createRequire(import.meta.url)
const LIB = '@scalekit-sdk/node/lib'

/** Sub-clients of ScalekitClient that take `(grpcConnect, coreClient)`, and the SDK file of each. */
const SUB_CLIENTS: Readonly<Record<string, string>> = {
  organization: 'organization',
  connection: 'connection',
  domain: 'domain',
  directory: 'directory',
  passwordless: 'passwordless',
  user: 'user',
  session: 'session',
  role: 'role',
  permission: 'permission',
  auth: 'auth',
  webauthn: 'webauthn',
  token: 'token',
  m2m: 'm2mclient',
  tools: 'tools',
  connectedAccounts: 'connected-accounts',
  events: 'events',
}

type Constructor = new (...args: unknown[]) => object

function sdkClass(file: string): Constructor {
  return (require(`${LIB}/${file}.js`) as {default: Constructor}).default
}

/**
 * Loads, without building anything, the SDK files a client built now loads and those of these sub-clients: a command
 * can have them loaded while other work is under way, and still send nothing before that work is done.
 */
export function preloadSdkParts(subClients: readonly string[]): void {
  for (const file of ['core', 'connect', ...subClients.map((name) => SUB_CLIENTS[name])]) {
    if (file !== undefined) sdkClass(file)
  }
}

/**
 * A ScalekitClient that loads each sub-client (and its service's descriptors) when it is first used. The SDK's own
 * constructor loads all sixteen of them, with every service descriptor, whatever a command calls: about a third
 * of a command's start-up. Anything else ScalekitClient has (getAuthorizationUrl, authenticateWithCode,
 * verifyWebhookPayload, actions…) loads the whole SDK on first use and runs on this same client.
 */
export function createScalekitClient(
  environmentUrl: string,
  clientId: string,
  clientSecret: string,
  options: {timeoutMs?: number} = {},
): ScalekitClient {
  const CoreClient = sdkClass('core')
  const GrpcConnect = sdkClass('connect')
  const coreClient = new CoreClient(environmentUrl, clientId, clientSecret, undefined, options.timeoutMs)
  const grpcConnect = new GrpcConnect(coreClient)
  const members = new Map<PropertyKey, unknown>([
    ['coreClient', coreClient],
    ['grpcConnect', grpcConnect],
  ])
  const client: ScalekitClient = new Proxy({} as ScalekitClient, {
    get(_target, name) {
      if (members.has(name)) return members.get(name)
      // Not a ScalekitClient member: asked by `await` (is it a promise?) and by inspection, which must not load.
      if (name === 'then' || typeof name === 'symbol') return undefined
      const file = typeof name === 'string' ? SUB_CLIENTS[name] : undefined
      let member: unknown
      if (file !== undefined) {
        member = new (sdkClass(file))(grpcConnect, coreClient)
      } else if (name === 'actions') {
        member = new (sdkClass('actions'))(client.tools, client.connectedAccounts, coreClient, client.connection)
      } else {
        const whole = (require(`${LIB}/scalekit.js`) as {default: {prototype: Record<PropertyKey, unknown>}}).default
        const value = whole.prototype[name]
        // Methods run with `this` = this client, whose members are those the SDK's constructor would have set.
        member = typeof value === 'function' ? value.bind(client) : value
      }
      members.set(name, member)
      return member
    },
  })
  return client
}
