import {CliError} from '../errors.js'
import {runInherited} from '../inherited-child.js'
import {startInProcess} from './start.js'
import {type LocalTls, trustVariables} from './tls.js'

export interface ExecRequest {
  /** The program and its arguments, as typed after `--`. */
  command: string[]
  configDir: string
  strictRedirects?: boolean
  /** Serve TLS with this local CA's certificate; the command's environment then trusts the CA. */
  tls?: LocalTls
  /** Told when the command starts and ends: only meanwhile are signals the command's to handle. */
  onCommandRunning?: (running: boolean) => void
}

/** A shell's conventions for "command not found" and "found but cannot be run". */
export const COMMAND_NOT_FOUND = 127
export const COMMAND_NOT_EXECUTABLE = 126

/** The command never started: exit the way a shell would (127/126), not with one of skctl's own codes. */
export class CommandNotRun extends CliError {
  override readonly exit: number

  constructor(message: string, exit: number, options: {cause?: unknown; hint?: string}) {
    super('api_error', message, options)
    this.exit = exit
  }
}

/**
 * Runs `command` against a fresh in-memory emulator on a free port and returns the command's exit status.
 * The emulator lives only as long as the command: it is closed on every path, including a command that never started.
 */
export async function execWithEmulator(request: ExecRequest): Promise<number> {
  const [program, ...args] = request.command
  if (!program) throw new CliError('usage', 'no command to run', {hint: 'skctl emulator exec -- npm test'})
  const emulator = await startInProcess(
    {
      configDir: request.configDir,
      host: '127.0.0.1',
      port: 0,
      redirectUris: [],
      strictRedirects: request.strictRedirects,
      tls: request.tls,
    },
    // The command owns the terminal; the emulator's request log would interleave with its output.
    () => {},
  )
  try {
    return await runChild(program, args, request.onCommandRunning ?? (() => {}), {
      ...process.env,
      ...emulator.env,
      SCALEKIT_ENV_URL: emulator.url,
      ...(request.tls && trustVariables(request.tls)),
    })
  } finally {
    await emulator.close()
  }
}

async function runChild(
  program: string,
  args: string[],
  onRunning: (running: boolean) => void,
  env: NodeJS.ProcessEnv,
): Promise<number> {
  try {
    // While the command runs, skctl only relays signals and waits: the command decides how to stop.
    return await runInherited(program, args, env, onRunning)
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT'
    throw new CommandNotRun(
      missing ? `command not found: ${program}` : `could not run ${program}: ${(error as Error).message}`,
      missing ? COMMAND_NOT_FOUND : COMMAND_NOT_EXECUTABLE,
      {cause: error, hint: missing ? 'check the spelling and that it is on your PATH' : undefined},
    )
  }
}
