import type {DescService} from '@bufbuild/protobuf'
import type {ScalekitClient} from '@scalekit-sdk/node'

import {CliError} from '../errors.js'
import {registerSecret} from '../redact.js'
import {normaliseError} from './errors.js'
import {createScalekitClient, preloadSdkParts} from './sdk-client.js'

export interface Credentials {
  clientId: string
  clientSecret: string
  environmentUrl: string
}

/** The parts of the SDK's internals the seam relies on, named in one place. */
interface SdkInternals {
  coreClient: {
    accessToken: string | null
    authenticateClient(): Promise<void>
    axios: {
      request(config: {
        data?: unknown
        method: string
        params?: Record<string, string>
        url: string
        validateStatus: () => boolean
      }): Promise<{data: unknown; headers: Record<string, unknown>; status: number; statusText: string}>
    }
    connectExec<T>(fn: (request: unknown) => Promise<T>, request: unknown): Promise<T>
  }
  grpcConnect: {createClient(service: DescService): object}
}

export interface RestResponse {
  body: unknown
  status: number
  statusText: string
}

/**
 * Loading the whole SDK costs 0.3–0.5 s, so only commands that need it pay for it, and only once; commands that call
 * the API load only the sub-clients they use (see sdk-client.ts).
 */
const importSdk = () => import('@scalekit-sdk/node')
let sdk: ReturnType<typeof importSdk> | undefined
export function loadSdk() {
  sdk ??= importSdk()
  return sdk
}

/** The sub-clients an environment read or apply calls (organizations and what they hold, roles, users). */
const ENVIRONMENT_CLIENTS = ['organization', 'domain', 'role', 'permission', 'connection', 'directory', 'user']

/**
 * Loads the parts of the SDK an environment's commands use, without calling anything: they load while other work
 * (a large file parsed on another thread) is under way, and nothing is sent before that work says the input is good.
 */
export async function preloadSdk(): Promise<void> {
  preloadSdkParts(ENVIRONMENT_CLIENTS)
}

/**
 * The one seam to Scalekit: builds a single client per process and mints the access token once before any
 * fan-out (parallel first calls would each fetch a token). Every failure leaves here as a CliError.
 */
export class Api {
  private ready?: Promise<ScalekitClient>

  constructor(readonly credentials: Credentials) {
    registerSecret(credentials.clientSecret)
  }

  client(): Promise<ScalekitClient> {
    this.ready ??= this.connect()
    return this.ready
  }

  /** Runs one SDK call, turning whatever it throws into a CliError. */
  async call<T>(work: (client: ScalekitClient) => Promise<T>): Promise<T> {
    const client = await this.client()
    try {
      return await work(client)
    } catch (error) {
      throw normaliseError(error, this.credentials.environmentUrl)
    }
  }

  /**
   * Calls a generated RPC through the SDK's own transport, token and retry handling — for request fields the
   * SDK's convenience wrappers drop (createOrganization ignores metadata, for one).
   */
  rpc<Req, Res>(pick: (client: ScalekitClient) => object, method: string, request: Req): Promise<Res> {
    return this.call((client) => {
      const generated = (pick(client) as {client: Record<string, (r: Req) => Promise<Res>>}).client
      const fn = generated[method]
      if (!fn) throw new Error(`the SDK has no RPC named ${method}`)
      return (client as unknown as SdkInternals).coreClient.connectExec(fn as (r: unknown) => Promise<Res>, request)
    })
  }

  /** Like `rpc`, for a service the SDK has no sub-client for (AuditLogsService): a client on the SDK's transport. */
  serviceRpc<Req, Res>(service: DescService, method: string, request: Req): Promise<Res> {
    return this.rpc(
      (client) => ({client: (client as unknown as SdkInternals).grpcConnect.createClient(service)}),
      method,
      request,
    )
  }

  private async connect(): Promise<ScalekitClient> {
    const {clientId, clientSecret, environmentUrl} = this.credentials
    const client = createScalekitClient(environmentUrl, clientId, clientSecret, {timeoutMs: 15_000})
    const {coreClient} = client as unknown as SdkInternals
    try {
      await coreClient.authenticateClient()
    } catch (error) {
      throw normaliseError(error, environmentUrl)
    }
    registerSecret(coreClient.accessToken ?? undefined)
    return client
  }

  /** The client-credentials access token this process minted (masked in all output but `skctl token`'s). */
  async accessToken(): Promise<string> {
    const {coreClient} = (await this.client()) as unknown as SdkInternals
    if (!coreClient.accessToken) throw new CliError('auth_failed', 'no access token was issued')
    return coreClient.accessToken
  }

  /**
   * A REST call to the environment, through the SDK's own HTTP client (its base URL, headers and bearer token;
   * it strips credentials from errors). Any status resolves; only transport failures throw.
   */
  async rest(
    method: string,
    path: string,
    options: {body?: unknown; query?: Record<string, string>},
  ): Promise<RestResponse> {
    const {coreClient} = (await this.client()) as unknown as SdkInternals
    try {
      const res = await coreClient.axios.request({
        data: options.body,
        method,
        params: options.query,
        url: path,
        validateStatus: () => true,
      })
      return {body: res.data, status: res.status, statusText: res.statusText}
    } catch (error) {
      throw normaliseError(error, this.credentials.environmentUrl)
    }
  }

  /** Mints a token once and reports it was possible (login and status use this to check credentials). */
  async verify(): Promise<void> {
    await this.client()
  }
}
