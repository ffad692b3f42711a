import {Flags} from '@oclif/core'

import {BaseCommand} from '../../base-command.js'
import {execWithEmulator} from '../../emulator-control/exec.js'
import {ensureLocalTls, tlsDirectory} from '../../emulator-control/tls.js'
import {usageError} from '../../errors.js'

export default class EmulatorExec extends BaseCommand<typeof EmulatorExec> {
  static override description = `Starts a fresh in-memory emulator on a free port, runs COMMAND with SCALEKIT_ENVIRONMENT_URL (and SCALEKIT_ENV_URL), SCALEKIT_CLIENT_ID and SCALEKIT_CLIENT_SECRET pointing at it, stops the emulator when the command ends, and exits with the command's exit code (128 + the signal's number when a signal ended it; 127 when the command is not found).
Ctrl-C and SIGTERM are passed on to the command, and skctl waits for it to finish. Write -- before the command so its own flags stay its own.`
  // The command's output is the output; skctl adds none, so there is no --json.
  static override enableJsonFlag = false
  static override examples = [
    '<%= config.bin %> <%= command.id %> -- npm test',
    '<%= config.bin %> <%= command.id %> --strict-redirects -- npx vitest run',
    '<%= config.bin %> <%= command.id %> --tls -- python -m pytest',
    `<%= config.bin %> <%= command.id %> -- node -e "console.log(process.env.SCALEKIT_ENVIRONMENT_URL)"`,
  ]
  static override flags = {
    'strict-redirects': Flags.boolean({
      description: 'Accept only registered redirect URLs, as a real environment does (see skctl emulator start).',
    }),
    tls: Flags.boolean({
      description:
        "Serve HTTPS with a certificate from skctl's local CA (see skctl emulator start --tls); the command gets NODE_EXTRA_CA_CERTS, GRPC_DEFAULT_SSL_ROOTS_FILE_PATH, SSL_CERT_FILE and REQUESTS_CA_BUNDLE so Node, grpcio and Python HTTP clients trust it.",
    }),
  }
  static override strict = false
  static override summary = 'Run a command against a fresh local emulator.'

  private commandRunning = false

  /** Ctrl-C is the command's while it runs; before and after, it interrupts skctl as usual (exit 130). */
  protected override get relaysInterrupts(): boolean {
    return this.commandRunning
  }

  async run(): Promise<void> {
    const separator = this.argv.indexOf('--')
    const command = separator === -1 ? [] : this.argv.slice(separator + 1)
    if (separator === -1 || command.length === 0) {
      throw usageError(
        separator === -1 ? 'write -- before the command to run' : 'no command to run after --',
        'skctl emulator exec -- npm test',
      )
    }
    process.exitCode = await execWithEmulator({
      command,
      configDir: this.config.configDir,
      onCommandRunning: (running) => {
        this.commandRunning = running
      },
      strictRedirects: this.flags['strict-redirects'],
      tls: this.flags.tls ? await ensureLocalTls(tlsDirectory(this.config.dataDir)) : undefined,
    })
  }
}
