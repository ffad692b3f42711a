import {readFileSync} from 'node:fs'
import {parseArgs} from 'node:util'
import {assertRegistrableRedirectUri} from '../shared/redirect-uris.js'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_HOST} from './defaults.js'
import {DEFAULT_LOG_MAX_BYTES, rotatingLog} from './log-file.js'
import {type ApiFaultConfig, ApiFaultConfigError, parseApiFaultsJson} from '../shared/api-fault-config.js'
import {PinnedIdError, type PinnedId} from '../shared/pinned-ids.js'
import {type RunningEmulator, startEmulator} from './server.js'
import {DEFAULT_REDIRECT_URIS} from './sso/redirects.js'

// Standalone entry: `node dist/emulator/main.js [--port N] [--host H] [--data-dir D] [--client-id ID]
// [--redirect-uri URL]... [--strict-redirects] [--initiate-login-uri URL] [--webhook-retry-base-ms N] [--api-faults JSON]
// [--tls-cert F --tls-key F] [--log-file F] [--pinned-ids-stdin] [--quiet]`.
// stdout carries exactly one JSON "ready" line for the process that started it; logs go to stderr.
// The client secret comes from SKCTL_EMULATOR_CLIENT_SECRET, never argv, where `ps` would show it.

const USAGE = `usage: main.js [--port N] [--host H] [--data-dir D] [--client-id ID] [--redirect-uri URL]...
               [--strict-redirects] [--initiate-login-uri URL] [--webhook-retry-base-ms N] [--api-faults JSON]
               [--tls-cert F --tls-key F] [--log-file F] [--pinned-ids-stdin] [--quiet]
  --port N                  port to listen on (default 0: any free port)
  --host H                  interface to bind (default ${DEFAULT_HOST})
  --data-dir D              keep state in D across restarts (default: memory only)
  --client-id ID            API client id to accept (default ${DEFAULT_CLIENT_ID})
  --redirect-uri URL        register this redirect URI (repeatable; loopback URIs match on any port;
                            ${DEFAULT_REDIRECT_URIS.join(', ')} are always registered)
  --strict-redirects        allow only registered redirect URIs (default: also any http loopback URI,
                            any port and path)
  --initiate-login-uri URL  where the IdP simulator's "IdP initiated SSO" scenario redirects
  --webhook-retry-base-ms N wait before the first webhook retry, doubled for each later one (default 1000)
  --api-faults JSON         inject API faults from the start, e.g. '{"rateLimit": {"perSecond": 5}}'
                            (the body of POST /_emulator/api-faults)
  --tls-cert F, --tls-key F serve TLS (HTTP/2 and HTTP/1.1 by ALPN) with this certificate and key (PEM files)
  --log-file F              stderr is appended to F: log with times and levels, and rotate F at
                            SKCTL_EMULATOR_LOG_MAX_BYTES (default ${DEFAULT_LOG_MAX_BYTES}), keeping F.1 and F.2
  --pinned-ids-stdin        read ids for the creates of a seed from standard input (JSON: the pinnedIds option
                            of startEmulator), checked before listening
  --quiet                   do not log requests to stderr
The client secret is read from SKCTL_EMULATOR_CLIENT_SECRET (default: the published test secret).`

interface Args {
  port: number
  host: string
  dataDir?: string
  clientId: string
  redirectUris: string[]
  strictRedirects: boolean
  initiateLoginUri?: string
  webhookRetryBaseMs?: number
  faults?: ApiFaultConfig
  tls?: {cert: string; key: string}
  logFile?: string
  pinnedIdsStdin: boolean
  quiet: boolean
}

function parseCommandLine(argv: string[]): Args {
  const {values} = parseArgs({
    args: argv,
    options: {
      port: {type: 'string'},
      host: {type: 'string'},
      'data-dir': {type: 'string'},
      'client-id': {type: 'string'},
      'redirect-uri': {type: 'string', multiple: true},
      'strict-redirects': {type: 'boolean'},
      'initiate-login-uri': {type: 'string'},
      'webhook-retry-base-ms': {type: 'string'},
      'api-faults': {type: 'string'},
      'tls-cert': {type: 'string'},
      'tls-key': {type: 'string'},
      'log-file': {type: 'string'},
      'pinned-ids-stdin': {type: 'boolean'},
      quiet: {type: 'boolean'},
    },
    strict: true,
    allowPositionals: false,
  })
  const port = values.port ?? '0'
  if (!/^\d{1,5}$/.test(port) || Number(port) > 65_535) throw new Error(`--port ${port} is not a port number`)
  const clientId = values['client-id'] ?? DEFAULT_CLIENT_ID
  if (clientId.trim() === '') throw new Error('--client-id must not be empty')
  if (values['data-dir'] === '') throw new Error('--data-dir must not be empty')
  const redirectUris = values['redirect-uri'] ?? []
  for (const uri of redirectUris) checkUri('--redirect-uri', uri)
  const initiateLoginUri = values['initiate-login-uri']
  if (initiateLoginUri !== undefined) checkUri('--initiate-login-uri', initiateLoginUri)
  const retryBase = values['webhook-retry-base-ms']
  if (retryBase !== undefined && !/^\d{1,7}$/.test(retryBase)) {
    throw new Error(`--webhook-retry-base-ms ${retryBase} is not a number of milliseconds`)
  }
  const faults = values['api-faults']
  const certFile = values['tls-cert']
  const keyFile = values['tls-key']
  if ((certFile === undefined) !== (keyFile === undefined)) throw new Error('--tls-cert and --tls-key go together')
  return {
    port: Number(port),
    host: values.host || DEFAULT_HOST,
    dataDir: values['data-dir'],
    clientId,
    redirectUris,
    strictRedirects: !!values['strict-redirects'],
    initiateLoginUri,
    webhookRetryBaseMs: retryBase === undefined ? undefined : Number(retryBase),
    faults: faults === undefined ? undefined : apiFaults(faults),
    tls: certFile && keyFile ? {cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8')} : undefined,
    logFile: values['log-file'] || undefined,
    pinnedIdsStdin: !!values['pinned-ids-stdin'],
    quiet: !!values.quiet,
  }
}

function apiFaults(text: string): ApiFaultConfig {
  try {
    return parseApiFaultsJson(text)
  } catch (error) {
    throw new Error(`--api-faults: ${(error as Error).message}`)
  }
}

function checkUri(flag: string, uri: string): void {
  try {
    assertRegistrableRedirectUri(uri)
  } catch (error) {
    throw new Error(`${flag}: ${(error as Error).message}`)
  }
}

function logMaxBytes(): number {
  const text = process.env.SKCTL_EMULATOR_LOG_MAX_BYTES
  return text && /^\d+$/.test(text) ? Number(text) : DEFAULT_LOG_MAX_BYTES
}

async function readPinnedIds(): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown
  } catch {
    throw new PinnedIdError('pinned ids', 'standard input is not JSON')
  }
}

async function main(): Promise<void> {
  let args: Args
  try {
    args = parseCommandLine(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`skctl emulator: ${(error as Error).message}\n${USAGE}\n`)
    process.exitCode = 2
    return
  }

  const log = args.logFile
    ? rotatingLog(process.stderr.fd, args.logFile, logMaxBytes())
    : (line: string) => process.stderr.write(`${line}\n`)
  let emulator: RunningEmulator
  try {
    const pinnedIds = args.pinnedIdsStdin ? await readPinnedIds() : undefined
    emulator = await startEmulator({
      pinnedIds: pinnedIds as PinnedId[] | undefined,
      port: args.port,
      host: args.host,
      dataDir: args.dataDir,
      clientId: args.clientId,
      redirectUris: args.redirectUris,
      strictRedirects: args.strictRedirects,
      initiateLoginUri: args.initiateLoginUri,
      webhookRetryBaseMs: args.webhookRetryBaseMs,
      faults: args.faults,
      tls: args.tls,
      clientSecret: process.env.SKCTL_EMULATOR_CLIENT_SECRET || DEFAULT_CLIENT_SECRET,
      log: args.quiet ? undefined : log,
    })
  } catch (error) {
    if (error instanceof ApiFaultConfigError) {
      // Only the emulator knows its RPCs, so a method pattern that matches none is refused here, still as bad input.
      process.stderr.write(`skctl emulator: --api-faults: ${error.message}\n`)
      process.exitCode = 2
      return
    }
    if (error instanceof PinnedIdError) {
      // `--pinned-ids: <id>: <why>`: the CLI finds the id's line in the seed file.
      process.stderr.write(`skctl emulator: --pinned-ids: ${error.message}\n`)
      process.exitCode = 2
      return
    }
    const failure = error as NodeJS.ErrnoException
    const message =
      failure.code === 'EADDRINUSE'
        ? `port ${args.port} on ${args.host} is already in use (EADDRINUSE)`
        : (failure.message ?? String(error))
    process.stderr.write(`skctl emulator: ${message}\n`)
    process.exitCode = 1
    return
  }

  const {url, port, clientId, dataDir} = emulator
  log(`emulator started at ${url} (pid ${process.pid}, data ${dataDir ?? 'in memory'})`)
  process.stdout.write(
    `${JSON.stringify({event: 'ready', url, port, pid: process.pid, clientId, dataDir: dataDir ?? null})}\n`,
  )

  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`skctl emulator: close failed: ${String(error)}\n`)
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}

await main()
