// The API fault configuration: what `POST /_emulator/api-faults`, `--api-faults` and the `faults` option of
// startEmulator accept. Parsing is pure and cheap (no descriptors), so the CLI can check a flag before it starts
// anything; the emulator adds the one check that needs its RPC list (method patterns that match nothing).

export const FAIL_CODES = ['unavailable', 'internal'] as const
export const FAIL_AFTER_WRITE_CODES = ['unavailable', 'internal', 'deadline_exceeded'] as const
export type FailCode = (typeof FAIL_AFTER_WRITE_CODES)[number]
type FailBeforeCode = (typeof FAIL_CODES)[number]

/** The JSON shape, as written by hand: `latencyMs` may be a number and `code` may be left out. */
export interface ApiFaultSettings {
  rateLimit?: {burst?: number; perSecond: number}
  fail?: {fraction: number; code?: FailBeforeCode}
  failAfterWrite?: {fraction: number; code?: FailCode}
  reset?: {fraction: number}
  latencyMs?: number | {min: number; max: number}
  methods?: string[]
  seed?: number
}

/** The same, normalised: what the emulator runs on and reports back. */
export interface ApiFaultConfig {
  rateLimit?: {burst?: number; perSecond: number}
  fail?: {fraction: number; code: FailBeforeCode}
  failAfterWrite?: {fraction: number; code: FailCode}
  reset?: {fraction: number}
  latencyMs?: {min: number; max: number}
  methods?: string[]
  seed?: number
}

export class ApiFaultConfigError extends Error {
  override name = 'ApiFaultConfigError'
}

const MEMBERS = ['rateLimit', 'fail', 'failAfterWrite', 'reset', 'latencyMs', 'methods', 'seed']
const MAX_LATENCY_MS = 60_000
const MAX_PER_SECOND = 100_000
const DEFAULT_CODE = 'unavailable'
/** `UserService/CreateUserAndMembership` or `UserService/*`. */
const METHOD_PATTERN = /^[A-Za-z][A-Za-z0-9]*\/(\*|[A-Za-z][A-Za-z0-9]*)$/

type JsonObject = Record<string, unknown>

/**
 * Validates the whole configuration and returns it normalised, or throws one ApiFaultConfigError listing every
 * problem. With `knownMethods` (`Service/Method` names), a method pattern that matches none of them is refused: a
 * typo would otherwise silently disable every fault.
 */
export function parseApiFaults(value: unknown, knownMethods?: readonly string[]): ApiFaultConfig {
  const problems: string[] = []
  const body = object(value, 'the configuration', problems, MEMBERS)
  if (!body) throw new ApiFaultConfigError(problems.join('; '))
  const config: ApiFaultConfig = {}

  const rateLimit = member(body, 'rateLimit', problems, ['perSecond', 'burst'])
  if (rateLimit) {
    const {burst, perSecond} = rateLimit
    const burstOk = burst === undefined || (Number.isInteger(burst) && (burst as number) >= 1)
    if (!burstOk) problems.push('rateLimit.burst must be an integer of at least 1')
    if (typeof perSecond !== 'number' || !(perSecond > 0) || perSecond > MAX_PER_SECOND) {
      problems.push(`rateLimit.perSecond must be a number greater than 0 and at most ${MAX_PER_SECOND}`)
    } else if (burstOk) {
      config.rateLimit = burst === undefined ? {perSecond} : {burst: burst as number, perSecond}
    }
  }
  const fail = failure(body, 'fail', FAIL_CODES, problems)
  if (fail) config.fail = fail
  const failAfterWrite = failure(body, 'failAfterWrite', FAIL_AFTER_WRITE_CODES, problems)
  if (failAfterWrite) config.failAfterWrite = failAfterWrite
  const reset = member(body, 'reset', problems, ['fraction'])
  if (reset && fraction(reset.fraction, 'reset.fraction', problems)) config.reset = {fraction: reset.fraction as number}

  if (body.latencyMs !== undefined) {
    const latency = latencyRange(body.latencyMs, problems)
    if (latency) config.latencyMs = latency
  }

  if (body.methods !== undefined) {
    const methods = body.methods
    if (!Array.isArray(methods) || methods.length === 0) {
      problems.push('methods must be a non-empty list like ["UserService/*"] (leave it out for every RPC)')
    } else {
      const bad = methods.filter((pattern) => typeof pattern !== 'string' || !METHOD_PATTERN.test(pattern))
      const unmatched = knownMethods
        ? methods.filter((pattern) => !bad.includes(pattern) && !knownMethods.some(methodMatcher([pattern])))
        : []
      if (bad.length > 0) problems.push(`methods: ${list(bad)} must look like "Service/Method" or "Service/*"`)
      if (unmatched.length > 0) problems.push(`methods: ${list(unmatched)} match no RPC of the emulator`)
      if (bad.length === 0 && unmatched.length === 0) config.methods = methods as string[]
    }
  }

  if (body.seed !== undefined) {
    const seed = body.seed
    if (!Number.isInteger(seed) || (seed as number) < 0 || (seed as number) > 0xffff_ffff) {
      problems.push('seed must be an integer from 0 to 4294967295')
    } else {
      config.seed = seed as number
    }
  }

  if (problems.length > 0) throw new ApiFaultConfigError(problems.join('; '))
  return config
}

/** Parses the text of `--api-faults`. */
export function parseApiFaultsJson(text: string, knownMethods?: readonly string[]): ApiFaultConfig {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new ApiFaultConfigError(`not valid JSON (${(error as Error).message})`)
  }
  return parseApiFaults(value, knownMethods)
}

/** Whether `Service/Method` is selected by any of the patterns. */
export function methodMatcher(patterns: readonly string[]): (name: string) => boolean {
  return (name) =>
    patterns.some((pattern) => pattern === name || (pattern.endsWith('/*') && name.startsWith(pattern.slice(0, -1))))
}

function failure<C extends FailCode>(
  body: JsonObject,
  name: 'fail' | 'failAfterWrite',
  codes: readonly C[],
  problems: string[],
): {fraction: number; code: C} | undefined {
  const value = member(body, name, problems, ['fraction', 'code'])
  if (!value) return undefined
  const okFraction = fraction(value.fraction, `${name}.fraction`, problems)
  const code = value.code ?? DEFAULT_CODE
  const okCode = typeof code === 'string' && (codes as readonly string[]).includes(code)
  if (!okCode) problems.push(`${name}.code must be one of ${list(codes)}`)
  return okFraction && okCode ? {fraction: value.fraction as number, code: code as C} : undefined
}

function latencyRange(value: unknown, problems: string[]): {min: number; max: number} | undefined {
  if (typeof value === 'number') {
    return milliseconds(value, 'latencyMs', problems) ? {min: value, max: value} : undefined
  }
  if (typeof value !== 'object') {
    problems.push('latencyMs must be a number of milliseconds or {"min": N, "max": N}')
    return undefined
  }
  const range = object(value, 'latencyMs', problems, ['min', 'max'])
  if (!range) return undefined
  const okMin = milliseconds(range.min, 'latencyMs.min', problems)
  if (!(milliseconds(range.max, 'latencyMs.max', problems) && okMin)) return undefined
  const [min, max] = [range.min as number, range.max as number]
  if (min <= max) return {min, max}
  problems.push('latencyMs.min must not exceed latencyMs.max')
  return undefined
}

function member(body: JsonObject, name: string, problems: string[], allowed: string[]): JsonObject | undefined {
  return body[name] === undefined ? undefined : object(body[name], name, problems, allowed)
}

function object(value: unknown, name: string, problems: string[], allowed: string[]): JsonObject | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    problems.push(`${name} must be a JSON object with ${allowed.join(', ')}`)
    return undefined
  }
  const unknown = Object.keys(value).filter((key) => !allowed.includes(key))
  if (unknown.length > 0) {
    const where = name === 'the configuration' ? '' : ` in ${name}`
    problems.push(`unknown member ${list(unknown)}${where} (allowed: ${allowed.join(', ')})`)
    return undefined
  }
  return value as JsonObject
}

function fraction(value: unknown, name: string, problems: string[]): boolean {
  if (typeof value === 'number' && value >= 0 && value <= 1) return true
  problems.push(`${name} must be a number from 0 to 1`)
  return false
}

function milliseconds(value: unknown, name: string, problems: string[]): boolean {
  if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_LATENCY_MS) return true
  problems.push(`${name} must be a whole number of milliseconds from 0 to ${MAX_LATENCY_MS}`)
  return false
}

function list(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(', ')
}
