import {type ChildProcess, spawn} from 'node:child_process'
import {once} from 'node:events'
import http from 'node:http'
import {fileURLToPath} from 'node:url'
import type {DescService} from '@bufbuild/protobuf'
import {createClient, type Interceptor} from '@connectrpc/connect'
import {createGrpcTransport} from '@connectrpc/connect-node'
import {ScalekitClient} from '@scalekit-sdk/node'
import {OrganizationService} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js'
import {afterAll, beforeAll} from 'vitest'
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type EmulatorOptions,
  type RunningEmulator,
  startEmulator,
} from '../../../src/emulator/index.js'

export const MAIN = fileURLToPath(new URL('../../../src/emulator/main.ts', import.meta.url))

export function sdk(url: string): ScalekitClient {
  return new ScalekitClient(url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
}

export interface SdkFailure {
  name: string
  message: string
  errorCode: string | null
  grpcStatus: number
}

/** The SDK throws its own exception classes; tests match on name/grpcStatus/errorCode like the CLI does. */
export async function failure(call: Promise<unknown>): Promise<SdkFailure> {
  try {
    await call
  } catch (error) {
    return error as SdkFailure
  }
  throw new Error('expected the call to fail')
}

export async function clientToken(url: string): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
    }),
  })
  if (response.status !== 200) throw new Error(`token request failed with ${response.status}`)
  return ((await response.json()) as {access_token: string}).access_token
}

export function basicAuth(id = DEFAULT_CLIENT_ID, secret = DEFAULT_CLIENT_SECRET): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`
}

/** A plain gRPC client for RPCs the SDK does not wrap (it uses the same h2c transport as the SDK). */
export function grpcClient<S extends DescService>(service: S, url: string, token: string) {
  const bearer: Interceptor = (next) => (request) => {
    request.header.set('authorization', `Bearer ${token}`)
    return next(request)
  }
  return createClient(service, createGrpcTransport({baseUrl: url, interceptors: [bearer]}))
}

export function organizationGrpcClient(url: string, token: string) {
  return grpcClient(OrganizationService, url, token)
}

export interface RawResponse {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
}

/** node:http rather than fetch, so a test can send any Host header or a raw path. */
export async function rawRequest(
  url: string,
  options: {method?: string; path: string; headers?: Record<string, string>; body?: string},
): Promise<RawResponse> {
  const {hostname, port} = new URL(url)
  const request = http.request({
    host: hostname,
    port,
    method: options.method ?? 'GET',
    path: options.path,
    headers: options.headers,
  })
  request.end(options.body)
  const [response] = (await once(request, 'response')) as [http.IncomingMessage]
  let body = ''
  for await (const chunk of response) body += chunk
  return {status: response.statusCode ?? 0, headers: response.headers, body}
}

export interface ReadyLine {
  event: 'ready'
  url: string
  port: number
  pid: number
  clientId: string
  dataDir: string | null
}

export interface SpawnedEmulator {
  child: ChildProcess
  /** Resolves with the ready line, or rejects with the exit code and stderr if the process exits first. */
  ready: Promise<ReadyLine>
  exited: Promise<{code: number | null; signal: NodeJS.Signals | null; stderr: string}>
}

const spawned = new Set<ChildProcess>()

/** Runs src/emulator/main.ts through tsx, as a separate process (no build needed). */
export function spawnEmulator(args: string[], env: NodeJS.ProcessEnv = {}): SpawnedEmulator {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: {...process.env, ...env},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  spawned.add(child)
  let stdout = ''
  let stderr = ''
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<{code: number | null; signal: NodeJS.Signals | null; stderr: string}>((resolve) => {
    child.once('close', (code, signal) => {
      spawned.delete(child)
      resolve({code, signal, stderr})
    })
  })
  const ready = new Promise<ReadyLine>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk
      const newline = stdout.indexOf('\n')
      if (newline >= 0) resolve(JSON.parse(stdout.slice(0, newline)) as ReadyLine)
    })
    void exited.then(({code, stderr: text}) => reject(new Error(`emulator exited with ${code}: ${text}`)))
  })
  // A test that only awaits `exited` must not trip over the rejected `ready`.
  ready.catch(() => {})
  return {child, ready, exited}
}

/** For afterEach: a failed test must not leave emulator processes behind. */
export async function killSpawnedEmulators(): Promise<void> {
  const running = [...spawned]
  for (const child of running) child.kill('SIGKILL')
  await Promise.all(running.map((child) => once(child, 'close')))
}

export interface EmulatorContext {
  client: ScalekitClient
  emulator: RunningEmulator
  /** The seeded Test Organization. */
  seededOrg: string
}

/** An in-process emulator for the test file, with a real SDK client; closed after the file. */
export function useSdkEmulator(options: EmulatorOptions = {}): EmulatorContext {
  const ctx = {} as EmulatorContext
  beforeAll(async () => {
    ctx.emulator = await startEmulator({port: 0, ...options})
    ctx.client = sdk(ctx.emulator.url)
    ctx.seededOrg = (await ctx.client.organization.listOrganization()).organizations[0]!.id
  })
  afterAll(async () => {
    await ctx.emulator?.close()
  })
  return ctx
}
