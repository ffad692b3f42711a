import {join, resolve} from 'node:path'

import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_PORT} from '../../emulator/index.js'
import {type ApiFaultConfig, parseApiFaultsJson} from '../../shared/api-fault-config.js'
import {EMULATOR_PROFILE, saveEmulatorProfile, showSecret} from '../../emulator-control/profile.js'
import {
  type EmulatorRuntime,
  health,
  isAlive,
  readRuntime,
  removeRuntime,
  writeRuntime,
} from '../../emulator-control/runtime.js'
import {exportOnExit, seedEmulator, seedPath} from '../../emulator-control/env-file.js'
import {DETACHED_CHILD, readyLine, startDetachedCli} from '../../emulator-control/detached-cli.js'
import {startDetached, startInProcess} from '../../emulator-control/start.js'
import {stopEmulator} from '../../emulator-control/stop.js'
import {loadEnvFile} from '../../env/load.js'
import {pinnedIdsOf, pinRefusal} from '../../env/pins.js'
import {PinnedIdError} from '../../shared/pinned-ids.js'
import {assertWritableFile} from '../../import/output-path.js'
import {ensureLocalTls, type LocalTls, tlsDirectory, trustVariables} from '../../emulator-control/tls.js'
import {CliError, ExitCode, invalidInput} from '../../errors.js'
import {shellQuote} from '../../output/shell-quote.js'
import {registerSecret} from '../../redact.js'
import {readSecretFromStdin} from '../../stdin.js'

export type EmulatorStartResult = EmulatorRuntime & {
  clientSecret: string
  profile: string
  /** With --tls: the local CA, and the variables that make apps trust it. */
  tls?: {caFile: string; bundleFile: string; trust: Record<string, string>}
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]'])

export default class EmulatorStart extends BaseCommand<typeof EmulatorStart> {
  static override description = `Starts a local Scalekit environment: the real Scalekit Node SDK talks to it unchanged (gRPC and REST on one port), so the CLI, your app's tests and CI need no account and no network.
It prints the environment URL and its test credentials, and saves them as the "${EMULATOR_PROFILE}" profile (made active when no other profile is).
The default client id ${DEFAULT_CLIENT_ID} and secret ${DEFAULT_CLIENT_SECRET} are fixed so test suites can hard-code them. Without --data-dir, state lives in memory.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --detach --data-dir .scalekit-emulator',
    '<%= config.bin %> <%= command.id %> --port 0 --detach --json',
    '<%= config.bin %> <%= command.id %> --detach --tls',
    '<%= config.bin %> <%= command.id %> --seed env.yaml --export-on-exit env.yaml',
    '<%= config.bin %> <%= command.id %> --detach --seed env.yaml --export-on-exit env.yaml',
    '<%= config.bin %> <%= command.id %> --detach --strict-redirects --redirect-uri http://localhost:3000/api/auth/callback',
    `<%= config.bin %> <%= command.id %> --detach --api-faults '{"rateLimit":{"perSecond":5},"fail":{"fraction":0.1}}'`,
  ]
  static override flags = {
    'api-faults': Flags.string({
      description:
        'Make the API misbehave from the start, to test retry logic: JSON such as \'{"rateLimit":{"perSecond":5},"fail":{"fraction":0.1}}\' (see the README, "Fault injection"; change it later through /_emulator/api-faults).',
    }),
    'client-id': Flags.string({description: `Client id to accept. [default: ${DEFAULT_CLIENT_ID}]`}),
    'client-secret-stdin': Flags.boolean({description: 'Read the client secret to accept from standard input.'}),
    'data-dir': Flags.string({description: 'Keep state in this directory so it survives restarts.'}),
    detach: Flags.boolean({description: 'Run in the background and return; stop it with skctl emulator stop.'}),
    'export-on-exit': Flags.string({
      description:
        'On Ctrl-C or SIGTERM (with --detach: on skctl emulator stop), write the state to this environment file, every id pinned, before stopping (atomically: a failed export keeps the previous file).',
    }),
    seed: Flags.string({
      description:
        'Apply this environment file (see skctl env apply) once started, pinned ids honoured; checked before the emulator listens (a pinned id it holds for something else is exit 2). skctl emulator reset returns to it.',
    }),
    'redirect-uri': Flags.string({
      description:
        'Register this callback URL (repeatable; kept with --data-dir; see skctl emulator redirects). A registered loopback URL matches on any port.',
      multiple: true,
    }),
    tls: Flags.boolean({
      description:
        "Serve HTTPS (HTTP/2 and HTTP/1.1) instead of plain HTTP, with a certificate for localhost and 127.0.0.1 from a local CA that skctl makes once and keeps in its data directory; prints how to make apps trust it. For clients that only speak TLS, such as Scalekit's Python SDK.",
    }),
    'strict-redirects': Flags.boolean({
      description:
        'Accept only registered redirect URLs (a loopback one on any port), as a real environment does. Without it, any http loopback URL (localhost, 127.0.0.0/8, [::1]; any port and path) is accepted too.',
    }),
    host: Flags.string({
      description:
        'Interface to bind. Anything but loopback exposes test credentials to the network. [default: 127.0.0.1]',
    }),
    'initiate-login-uri': Flags.string({
      description: 'Where the IdP simulator sends IdP-initiated logins (default: the redirect URI of the request).',
    }),
    port: Flags.integer({
      description: `Port to listen on; 0 picks a free one. [default: ${DEFAULT_PORT}]`,
      max: 65_535,
      min: 0,
    }),
    'webhook-retry-base-ms': Flags.integer({
      description:
        'Wait before the first webhook retry, doubled for each later one (8 attempts in all, like Scalekit). [default: 1000]',
      max: 3_600_000,
      min: 0,
    }),
  }
  static override summary = 'Start the local Scalekit emulator.'

  async run(): Promise<EmulatorStartResult | undefined> {
    const {configDir} = this.config
    const apiFaults = this.apiFaults()
    const running = readRuntime(configDir)
    if (running && isAlive(running.pid) && (await health(running.url))) {
      throw new CliError('api_error', `an emulator is already running at ${running.url} (pid ${running.pid})`, {
        hint: 'skctl emulator stop, or skctl emulator status',
      })
    }
    const host = this.flags.host?.trim() || '127.0.0.1'
    if (!LOOPBACK.has(host)) {
      this.warning(`binding ${host}: other machines can reach this emulator and its published test credentials.`)
    }
    const clientSecret = this.flags['client-secret-stdin']
      ? await readSecretFromStdin('--client-secret-stdin')
      : undefined
    registerSecret(clientSecret)
    const clientId = this.flags['client-id']?.trim()
    if (clientId !== undefined && !/^[A-Za-z0-9_]{4,64}$/.test(clientId)) {
      throw invalidInput(`client id "${clientId}" is not valid`, 'use letters, digits and "_", e.g. skc_12345')
    }
    const request = {
      clientId,
      clientSecret,
      configDir,
      dataDir: this.flags['data-dir'],
      host,
      initiateLoginUri: this.flags['initiate-login-uri'],
      port: this.flags.port ?? DEFAULT_PORT,
      redirectUris: this.flags['redirect-uri'] ?? [],
      strictRedirects: this.flags['strict-redirects'],
      webhookRetryBaseMs: this.flags['webhook-retry-base-ms'],
      apiFaults,
    }
    const exportFile = this.flags['export-on-exit']
    if (exportFile !== undefined) assertWritableFile(exportFile, '--export-on-exit', {createParent: false})
    // The seed is read and checked (schema, ${VAR}s) before anything listens: a bad file starts nothing.
    const seed = this.flags.seed === undefined ? undefined : await loadEnvFile(this.flags.seed)
    const secret = clientSecret ?? DEFAULT_CLIENT_SECRET
    const tls = this.flags.tls ? await ensureLocalTls(tlsDirectory(this.config.dataDir)) : undefined
    // The seed's pinned ids are checked by the emulator before it listens (an id a data directory holds for
    // something else is refused), and then given to what the seed creates.
    const pinnedIds = seed && pinnedIdsOf(seed.spec)
    const starting = {...request, pinnedIds, tls}
    const refusedPin = (error: unknown) => {
      if (seed && error instanceof PinnedIdError) throw pinRefusal(seed.file, seed.pins, error.id, error.message)
      throw error
    }

    if (this.flags.detach && exportFile !== undefined) {
      // The export is CLI work: the background process is this CLI, which exports on SIGTERM (see detached-cli.ts).
      const runtime = await startDetachedCli({
        argv: this.argv,
        bin: join(this.config.root, 'bin', 'run.js'),
        clientSecret,
        configDir,
      })
      writeRuntime(configDir, runtime)
      return this.announce(runtime, secret, tls)
    }
    if (this.flags.detach) {
      const started = await startDetached(starting).catch(refusedPin)
      const runtime = {...started, ...seedPath(seed)}
      writeRuntime(configDir, runtime)
      if (seed) {
        // A seed that does not apply leaves no half-seeded emulator behind.
        await seedEmulator(runtime, secret, seed).catch(async (error: unknown) => {
          await stopEmulator(configDir)
          throw error
        })
      }
      return this.announce(runtime, secret, tls)
    }

    const emulator = await startInProcess(starting, (line) => this.note(this.chalk.dim(line))).catch(refusedPin)
    // Listening from here on, so a signal that arrives while the seed is applied is not lost.
    // `on`, not `once`: conf's exit helper re-raises a signal that finds no other listener once its own has run.
    const stopRequested = new Promise<NodeJS.Signals>((done) => {
      process.on('SIGTERM', () => done('SIGTERM'))
      // With --export-on-exit, Ctrl-C is handled here (see relaysInterrupts) so the export runs before the stop.
      if (exportFile !== undefined) process.on('SIGINT', () => done('SIGINT'))
    })
    this.onCleanup(async () => {
      removeRuntime(configDir, process.pid)
      await emulator.close()
    })
    const runtime: EmulatorRuntime = {
      clientId: emulator.clientId,
      dataDir: emulator.dataDir ?? null,
      detached: false,
      host,
      logFile: null,
      pid: process.pid,
      port: emulator.port,
      startedAt: new Date().toISOString(),
      url: emulator.url,
      ...seedPath(seed),
      ...(exportFile !== undefined && {exportOnExit: resolve(exportFile)}),
    }
    writeRuntime(configDir, runtime)
    if (seed) await seedEmulator(runtime, secret, seed)
    if (process.env[DETACHED_CHILD]) {
      // The command that started this process in the background announces it, and saves the profile.
      process.stdout.write(readyLine(runtime))
    } else {
      const result = await this.announce(runtime, secret, tls)
      if (this.jsonEnabled()) this.logJson(result)
      this.note(this.chalk.dim('Press Ctrl-C to stop.'))
    }
    const signal = await stopRequested
    if (exportFile !== undefined) {
      const exported = await exportOnExit(runtime, secret, exportFile)
      this.note(`Exported the emulator's state to ${exportFile} (${exported}).`)
    }
    if (signal === 'SIGINT') process.exitCode = ExitCode.interrupted
    return undefined
  }

  protected override get relaysInterrupts(): boolean {
    return this.flags?.['export-on-exit'] !== undefined
  }

  private apiFaults(): ApiFaultConfig | undefined {
    const text = this.flags['api-faults']
    if (text === undefined) return undefined
    try {
      return parseApiFaultsJson(text)
    } catch (error) {
      throw invalidInput(
        `--api-faults: ${(error as Error).message}`,
        'e.g. --api-faults \'{"rateLimit":{"perSecond":5}}\'; see the README, "Fault injection"',
      )
    }
  }

  private async announce(runtime: EmulatorRuntime, secret: string, tls?: LocalTls): Promise<EmulatorStartResult> {
    const {activated} = await saveEmulatorProfile(await this.profiles(), {
      clientId: runtime.clientId,
      clientSecret: secret,
      url: runtime.url,
    })
    this.note(this.chalk.green(`Scalekit emulator running at ${runtime.url}`))
    this.record([
      ['SCALEKIT_ENVIRONMENT_URL', runtime.url],
      ['SCALEKIT_CLIENT_ID', runtime.clientId],
      ['SCALEKIT_CLIENT_SECRET', showSecret(secret)],
      ['data', runtime.dataDir ?? 'in memory (pass --data-dir to keep it)'],
      ['pid', runtime.pid],
    ])
    this.note(
      activated
        ? `Profile "${EMULATOR_PROFILE}" is active: skctl commands now talk to the emulator.`
        : `Saved as profile "${EMULATOR_PROFILE}"; use it with --profile ${EMULATOR_PROFILE} or skctl profiles use ${EMULATOR_PROFILE}.`,
    )
    const trust = tls && trustVariables(tls)
    if (trust) {
      this.note(
        `TLS: a certificate for localhost and 127.0.0.1 from the local CA ${tls.caFile}. Make your app trust it:`,
      )
      this.note(`  Node:                      export NODE_EXTRA_CA_CERTS=${shellQuote(trust.NODE_EXTRA_CA_CERTS!)}`)
      this.note(`  Python gRPC (grpcio):      export GRPC_DEFAULT_SSL_ROOTS_FILE_PATH=${shellQuote(tls.bundleFile)}`)
      this.note(
        `  Python HTTP clients:       export SSL_CERT_FILE=${shellQuote(tls.bundleFile)} REQUESTS_CA_BUNDLE=${shellQuote(tls.bundleFile)}`,
      )
      this.note('skctl itself trusts the CA without these.')
    }
    return {
      ...runtime,
      clientSecret: showSecret(secret),
      profile: EMULATOR_PROFILE,
      ...(tls && trust && {tls: {caFile: tls.caFile, bundleFile: tls.bundleFile, trust}}),
    }
  }
}
