import {spawn} from 'node:child_process'
import {closeSync, openSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath} from 'node:url'

import {ensurePrivateDirectory, restrictToOwner} from '../shared/private-files.js'
import {type ApiFaultConfig, ApiFaultConfigError} from '../shared/api-fault-config.js'
import {type PinnedId, PinnedIdError} from '../shared/pinned-ids.js'
import {CliError, invalidInput} from '../errors.js'
import type {EmulatorRuntime} from './runtime.js'
import type {LocalTls} from './tls.js'

export interface StartRequest {
  clientId?: string
  clientSecret?: string
  configDir: string
  dataDir?: string
  host: string
  initiateLoginUri?: string
  port: number
  redirectUris: string[]
  strictRedirects?: boolean
  webhookRetryBaseMs?: number
  /** Checked by the caller; the emulator still refuses method patterns that match none of its RPCs. */
  apiFaults?: ApiFaultConfig
  /** Serve TLS with this certificate and key (files, PEM): see ensureLocalTls. */
  tls?: Pick<LocalTls, 'certFile' | 'keyFile'>
  /** The seed's pinned ids: a PinnedIdError, before anything listens, when the emulator cannot honour one. */
  pinnedIds?: PinnedId[]
}

interface ReadyLine {
  clientId: string
  dataDir: string | null
  pid: number
  port: number
  url: string
}

const MAIN = fileURLToPath(new URL('../emulator/main.js', import.meta.url))

function describeStartFailure(message: string, port: number): CliError {
  if (/EADDRINUSE|in use/i.test(message)) {
    return new CliError('api_error', `port ${port} is already in use`, {
      hint: 'stop what is using it, pick another with --port N, or --port 0 for any free port',
    })
  }
  return new CliError('api_error', `the emulator did not start: ${message}`)
}

/** Runs the emulator inside this process (the command stays in the foreground until Ctrl-C). */
export async function startInProcess(request: StartRequest, log: (line: string) => void) {
  const {startEmulator} = await import('../emulator/index.js')
  try {
    return await startEmulator({
      clientId: request.clientId,
      clientSecret: request.clientSecret,
      dataDir: request.dataDir,
      host: request.host,
      initiateLoginUri: request.initiateLoginUri,
      log,
      port: request.port,
      redirectUris: request.redirectUris,
      strictRedirects: request.strictRedirects,
      webhookRetryBaseMs: request.webhookRetryBaseMs,
      faults: request.apiFaults,
      pinnedIds: request.pinnedIds,
      tls: request.tls && {
        cert: readFileSync(request.tls.certFile, 'utf8'),
        key: readFileSync(request.tls.keyFile, 'utf8'),
      },
    })
  } catch (error) {
    if (error instanceof ApiFaultConfigError) throw invalidInput(`--api-faults: ${error.message}`)
    if (error instanceof PinnedIdError) throw error
    throw describeStartFailure((error as Error).message, request.port)
  }
}

/** Starts the emulator as a detached background process and waits for its ready line. */
export async function startDetached(request: StartRequest): Promise<EmulatorRuntime> {
  // On a fresh machine nothing has created the config directory yet.
  ensurePrivateDirectory(request.configDir)
  const logFile = join(request.configDir, 'emulator.log')
  const logFd = openSync(logFile, 'a', 0o600)
  restrictToOwner(logFd)
  const args = [
    ...process.execArgv,
    MAIN,
    '--port',
    String(request.port),
    '--host',
    request.host,
    '--log-file',
    logFile,
  ]
  if (request.dataDir) args.push('--data-dir', request.dataDir)
  if (request.clientId) args.push('--client-id', request.clientId)
  for (const uri of request.redirectUris) args.push('--redirect-uri', uri)
  if (request.strictRedirects) args.push('--strict-redirects')
  if (request.initiateLoginUri) args.push('--initiate-login-uri', request.initiateLoginUri)
  if (request.webhookRetryBaseMs !== undefined) {
    args.push('--webhook-retry-base-ms', String(request.webhookRetryBaseMs))
  }
  if (request.apiFaults) args.push('--api-faults', JSON.stringify(request.apiFaults))
  if (request.tls) args.push('--tls-cert', request.tls.certFile, '--tls-key', request.tls.keyFile)
  // Pins go through a pipe: a list for many users would not fit in one argument.
  if (request.pinnedIds) args.push('--pinned-ids-stdin')
  const env = {...process.env}
  // The secret travels in the environment, never in argv where `ps` would show it.
  if (request.clientSecret) env.SKCTL_EMULATOR_CLIENT_SECRET = request.clientSecret
  const child = spawn(process.execPath, args, {
    detached: true,
    env,
    stdio: [request.pinnedIds ? 'pipe' : 'ignore', 'pipe', logFd],
  })
  closeSync(logFd)
  // An emulator that exits before reading it all closes the pipe: its exit says why, not this write's EPIPE.
  child.stdin?.on('error', () => {})
  child.stdin?.end(JSON.stringify(request.pinnedIds))
  const stdout = child.stdout!

  const ready = await new Promise<ReadyLine>((resolve, reject) => {
    const lines = createInterface({input: stdout})
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as ReadyLine)
      } catch {
        reject(new CliError('api_error', `the emulator printed something unexpected: ${line}`))
      }
    })
    child.once('exit', (code) => {
      const lines = readFileSync(logFile, 'utf8').trim().split('\n')
      // Exit code 2 is the emulator refusing its arguments (say, --api-faults naming an RPC it does not serve).
      const refusal = code === 2 ? lines.findLast((line) => line.startsWith('skctl emulator: ')) : undefined
      const pin = refusal && /^skctl emulator: --pinned-ids: (\S+): (.*)$/.exec(refusal)
      if (pin) reject(new PinnedIdError(pin[1]!, pin[2]!))
      else if (refusal) reject(invalidInput(refusal.slice('skctl emulator: '.length)))
      else reject(describeStartFailure(lines.slice(-3).join(' ') || 'it exited at once', request.port))
    })
  })
  stdout.destroy()
  child.unref()
  return {
    clientId: ready.clientId,
    dataDir: ready.dataDir,
    detached: true,
    host: request.host,
    logFile,
    pid: ready.pid,
    port: ready.port,
    startedAt: new Date().toISOString(),
    url: ready.url,
  }
}
