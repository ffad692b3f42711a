/**
 * One redactor for the whole process: every secret or token the CLI loads is registered here, and every byte
 * written to stdout or stderr passes through it — our own output, oclif's, and any library's DEBUG logging.
 */
const secrets = new Set<string>()
/** Secrets shorter than this (a six-digit code) are masked only as whole tokens; see `registerSecret`. */
const SHORT = 8
const shortSecrets = new Set<string>()
let shortPattern: RegExp | undefined
export const MASK = '****'
let installed = false

function variants(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]
}

/**
 * Masks `secret` in all output from now on, whatever its length. A long one is masked wherever it occurs. A short
 * one (a one-time code) is masked where it stands as a token of its own — `'975649'`, `code=975649`, `"975649"` —
 * and not inside a longer word or number, so that registering `975649` cannot turn `19756490` into `1****0`.
 */
export function registerSecret(secret: string | undefined): void {
  if (!secret) return
  if (secret.length >= SHORT) {
    for (const v of variants(secret)) secrets.add(v)
  } else {
    shortSecrets.add(secret)
    shortSecrets.add(encodeURIComponent(secret))
    shortPattern = tokenPattern([...shortSecrets])
  }
  install()
}

/** Any of `values`, not preceded or followed by a letter, a digit or "_". */
function tokenPattern(values: string[]): RegExp {
  const alternatives = values
    .sort((a, b) => b.length - a.length)
    .map((v) => v.replaceAll(/[$()*+.?[\\\]^{|}/]/g, '\\$&'))
    .join('|')
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives})(?![\\p{L}\\p{N}_])`, 'gu')
}

export function redact(text: string): string {
  let out = text
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK)
  return shortPattern ? out.replace(shortPattern, MASK) : out
}

/** `…` plus the last four characters, for showing which secret is configured. */
export function mask(secret: string | undefined): string | undefined {
  if (!secret) return undefined
  return secret.length <= 8 ? MASK : `…${secret.slice(-4)}`
}

interface Writable {
  write: (...args: never[]) => boolean
}

const unguarded = new WeakMap<Writable, (...args: unknown[]) => boolean>()

/** Makes every write to `stream` pass through the redactor. */
export function guard(stream: Writable): void {
  const write = stream.write.bind(stream) as unknown as (...args: unknown[]) => boolean
  unguarded.set(stream, write)
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (secrets.size > 0 || shortPattern) {
      if (typeof chunk === 'string') chunk = redact(chunk)
      else if (chunk instanceof Uint8Array) chunk = redact(Buffer.from(chunk).toString('utf8'))
    }
    return write(chunk, ...rest)
  }) as Writable['write']
}

/**
 * Writes past the redactor. Only for output whose whole purpose is a secret the user asked for (`skctl token`).
 */
export function writeUnredacted(stream: Writable, text: string): void {
  const write = unguarded.get(stream) ?? (stream.write.bind(stream) as unknown as (...args: unknown[]) => boolean)
  write(text)
}

function install(): void {
  if (installed) return
  installed = true
  guard(process.stdout)
  guard(process.stderr)
}
