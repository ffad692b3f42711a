/**
 * One redactor for the whole process: every secret or token the CLI loads is registered here, and every byte
 * written to stdout or stderr passes through it — our own output, oclif's, and any library's DEBUG logging.
 */
const secrets = new Set<string>()
export const MASK = '****'
let installed = false

function variants(secret: string): string[] {
  return [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')]
}

export function registerSecret(secret: string | undefined): void {
  // Very short values would mask ordinary words; real secrets and tokens are long.
  if (!secret || secret.length < 8) return
  for (const v of variants(secret)) secrets.add(v)
  install()
}

export function redact(text: string): string {
  let out = text
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK)
  return out
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
    if (secrets.size > 0) {
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
