import {readFile} from 'node:fs/promises'
import {basename} from 'node:path'

import {type ErrorObject, Ajv, type ValidateFunction} from 'ajv'
import formatsModule from 'ajv-formats'
import {type Document, LineCounter, parseDocument} from 'yaml'

import {parseDomainName} from '../api/domains.js'
import {readBoundedText} from '../bounded-file.js'
import {CliError, invalidInput} from '../errors.js'
import {registerSecret} from '../redact.js'
import {formatPath, locate, position} from './locate.js'
import type {EnvSpec} from './model.js'

/** Where the published schema lives: `schema/` at the package root, beside `dist/` and `src/`. */
export const SCHEMA_URL = new URL('../../schema/env.schema.json', import.meta.url)

/** An environment file may hold many users; still, it is read whole, so it has a ceiling. */
const MAX_ENV_FILE_BYTES = 64 * 1024 * 1024
/** The first problems are enough to act on; a file wrong throughout would otherwise print thousands of lines. */
const MAX_PROBLEMS = 20

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g

export interface LoadedEnv {
  /** The file as given on the command line. */
  file: string
  spec: EnvSpec
  /** Each pinned id's place in the file (`env.yaml:4:9`, `organizations.acme.id`), for errors about it. */
  pins: PinPositions
}

export type PinPositions = Map<string, {at: string; path: string}>

interface Problem {
  at: string
  message: string
  path: string
}

let compiling: Promise<ValidateFunction> | undefined
let compiled: ValidateFunction | undefined

/** Compiles the published schema once; loadEnvFile does this itself, parseEnvText callers await it first. */
export async function prepareEnvSchema(): Promise<void> {
  compiling ??= (async () => {
    const schema = JSON.parse(await readFile(SCHEMA_URL, 'utf8')) as object
    const ajv = new Ajv({allErrors: true, strict: true})
    // ajv-formats is CommonJS: its plugin is the module itself, or `.default` under some loaders.
    const addFormats = ((formatsModule as unknown as {default?: unknown}).default ?? formatsModule) as (a: Ajv) => Ajv
    addFormats(ajv)
    return ajv.compile(schema)
  })()
  compiled = await compiling
}

/**
 * Reads, parses and checks an environment file: YAML or JSON, against the published schema, then the rules a schema
 * cannot say (real domain names, an id pinned once), then `${VAR}` references read from `env`. Every problem names
 * the file, line, column and path; any problem is exit 2 and nothing is sent.
 */
export async function loadEnvFile(path: string, env: NodeJS.ProcessEnv = process.env): Promise<LoadedEnv> {
  const {secrets, spec, pins} = await readEnvFile(path, env)
  for (const secret of secrets) registerSecret(secret)
  return {file: path, spec, pins}
}

/**
 * loadEnvFile's work without its one side effect: the secrets the file's references stand for come back to be
 * registered with the redactor by the thread that prints (see load-worker.ts).
 */
export async function readEnvFile(path: string, env: NodeJS.ProcessEnv): Promise<ParsedEnv> {
  const [text] = await Promise.all([readEnvText(path), prepareEnvSchema()])
  return parseAndResolve(text, path === '-' ? 'stdin' : basename(path), env)
}

async function readEnvText(path: string): Promise<string> {
  try {
    return await readBoundedText(path, '--file', MAX_ENV_FILE_BYTES)
  } catch (error) {
    if (error instanceof CliError) throw new CliError(error.code, error.message, {hint: 'pass -f env.yaml'})
    throw error
  }
}

/** The checks of loadEnvFile on text in hand; `name` is how errors name the file. */
export function parseEnvText(text: string, name: string, env: NodeJS.ProcessEnv = process.env): EnvSpec {
  return parseEnv(text, name, env).spec
}

/** parseEnvText, with where each pinned id is in the text. */
export function parseEnv(
  text: string,
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): {pins: PinPositions; spec: EnvSpec} {
  const {secrets, spec, pins} = parseAndResolve(text, name, env)
  for (const secret of secrets) registerSecret(secret)
  return {pins, spec}
}

/** A checked file, its references resolved, and the values of those that stand for a secret. */
export interface ParsedEnv {
  secrets: string[]
  spec: EnvSpec
  pins: PinPositions
}

function parseAndResolve(text: string, name: string, env: NodeJS.ProcessEnv): ParsedEnv {
  const counter = new LineCounter()
  const doc = parseDocument(text, {lineCounter: counter, prettyErrors: false, uniqueKeys: true})
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const {col, line} = counter.linePos(e.pos[0])
      return {at: `${name}:${line}:${col}`, message: firstLine(e.message), path: ''}
    })
    throw fileError(name, problems, 'YAML syntax')
  }
  const data = doc.toJS() as unknown
  const validate = validatorSync()
  if (!validate(data)) {
    throw fileError(name, schemaProblems(validate.errors ?? [], doc, counter, name), 'the schema')
  }
  const spec = data as EnvSpec
  const pins: PinPositions = new Map()
  const problems = [...ruleProblems(spec, doc, counter, name, pins)]
  if (problems.length > 0) throw fileError(name, problems, 'the rules')
  const secrets: string[] = []
  const unset = resolveReferences(spec as unknown as Record<string, unknown>, [], env, secrets)
  if (unset.length > 0) {
    throw fileError(
      name,
      unset.map(({name: variable, path}) => ({
        at: position(name, counter, locate(doc, path)),
        message: `\${${variable}} is not set in the environment`,
        path: formatPath(path),
      })),
      'references',
      `set ${[...new Set(unset.map((u) => u.name))].join(', ')} before running (secrets stay out of the file)`,
    )
  }
  return {secrets, spec, pins}
}

const validatorSync = () => {
  if (!compiled) throw new Error('prepareEnvSchema() was not awaited')
  return compiled
}

const firstLine = (text: string) => text.split('\n')[0] ?? text

function fileError(name: string, problems: Problem[], stage: string, hint?: string): CliError {
  const shown = problems.slice(0, MAX_PROBLEMS)
  const lines = shown.map((p) => `  ${p.at} ${p.path ? `${p.path}: ` : ''}${p.message}`)
  if (problems.length > shown.length) lines.push(`  … and ${problems.length - shown.length} more`)
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`
  const summary = problems.length === 1 ? lines[0]!.trim() : `${name} has ${count}:\n${lines.join('\n')}`
  return invalidInput(
    summary,
    hint ??
      `fix ${name} (${stage}); the format is schema/env.schema.json, described under "Environments as code" in the README`,
  )
}

function schemaProblems(errors: ErrorObject[], doc: Document, counter: LineCounter, name: string): Problem[] {
  const seen = new Set<string>()
  const problems: Problem[] = []
  for (const error of errors) {
    // `if` only says which branch applied, and `propertyNames` repeats the error found on the name itself.
    if (error.keyword === 'if' || error.keyword === 'propertyNames') continue
    const segments = error.instancePath
      .split('/')
      .slice(1)
      .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    const propertyName = (error as ErrorObject & {propertyName?: string}).propertyName
    const key =
      propertyName ?? (error.keyword === 'additionalProperties' ? String(error.params.additionalProperty) : undefined)
    const node = locate(doc, segments, key)
    const path = formatPath(key === undefined ? segments : [...segments, key])
    const problem = {at: position(name, counter, node), message: describe(error, propertyName), path}
    const id = `${problem.at} ${problem.path} ${problem.message}`
    if (!seen.has(id)) problems.push(problem)
    seen.add(id)
  }
  return sortProblems(problems)
}

/** JSON Schema types as YAML writers know them. */
const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  boolean: 'true or false',
  integer: 'a whole number',
  number: 'a number',
  object: 'a map (key: value lines)',
  string: 'text (quote it if it looks like a number or true/false)',
}

/** ajv's message, said the way a person fixing the file needs it. */
function describe(error: ErrorObject, propertyName?: string): string {
  const where = error.schemaPath
  if (where.includes('domainName')) return 'not a domain name'
  if (where.includes('envReference')) return 'a secret is not written in the file: use a ${ENV_VAR} reference'
  if (where.includes('roleName')) return 'not a role name (1–64 letters, digits or underscores)'
  if (where.includes('permissionName')) return 'not a permission name (1–64 letters, digits, underscores or colons)'
  if (propertyName !== undefined && error.keyword === 'format') return `not an ${error.params.format} address`
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${String(error.params.additionalProperty)}"`
    case 'const':
      return `must be ${JSON.stringify(error.params.allowedValue)}`
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((v) => String(v)).join(', ')}`
    case 'format':
      return `not a valid ${error.params.format === 'uri' ? 'URL' : String(error.params.format)}`
    case 'false schema':
      return 'a SAML connection takes `saml` settings and an OIDC one `oidc` settings, not the other'
    case 'pattern':
      return where.includes('/id/') ? `not an id of this kind (${error.params.pattern})` : (error.message ?? '')
    case 'minProperties':
      return 'must name at least one organization'
    case 'type':
      return `must be ${TYPE_NAMES[String(error.params.type)] ?? String(error.params.type)}`
    case 'required':
      return `missing "${String(error.params.missingProperty)}"`
    default:
      return error.message ?? error.keyword
  }
}

function* ruleProblems(
  spec: EnvSpec,
  doc: Document,
  counter: LineCounter,
  name: string,
  pinned: PinPositions,
): Generator<Problem> {
  const at = (segments: string[]) => position(name, counter, locate(doc, segments))
  function* pin(id: string | undefined, segments: string[]): Generator<Problem> {
    if (id === undefined) return
    const first = pinned.get(id)
    const path = [...segments, 'id']
    if (first) yield {at: at(path), message: `${id} is pinned twice (first at ${first.at})`, path: formatPath(path)}
    else pinned.set(id, {at: at(path), path: formatPath(path)})
  }
  for (const [externalId, org] of Object.entries(spec.organizations ?? {})) {
    const base = ['organizations', externalId]
    yield* pin(org.id, base)
    for (const field of ['domains', 'allowedEmailDomains'] as const) {
      for (const [i, domain] of (org[field] ?? []).entries()) {
        try {
          parseDomainName(domain)
        } catch {
          const path = [...base, field, String(i)]
          yield {at: at(path), message: 'not a domain name', path: formatPath(path)}
        }
      }
    }
    for (const [i, c] of (org.connections ?? []).entries()) yield* pin(c.id, [...base, 'connections', String(i)])
    for (const [i, d] of (org.directories ?? []).entries()) yield* pin(d.id, [...base, 'directories', String(i)])
  }
  for (const [email, user] of Object.entries(spec.users ?? {})) yield* pin(user.id, ['users', email])
}

function sortProblems(problems: Problem[]): Problem[] {
  const key = (p: Problem) => p.at.split(':').slice(1).map(Number)
  return problems.sort((a, b) => {
    const [la = 0, ca = 0] = key(a)
    const [lb = 0, cb = 0] = key(b)
    return la - lb || ca - cb
  })
}

/**
 * Replaces every `${VAR}` in string values with the variable's value, in place. Values that stand for a secret (a
 * client secret) go into `secrets`, for the redactor, so no output shows them. Answers the references left unset.
 */
function resolveReferences(
  node: Record<string, unknown> | unknown[],
  path: string[],
  env: NodeJS.ProcessEnv,
  secrets: string[],
): Array<{name: string; path: string[]}> {
  const unset: Array<{name: string; path: string[]}> = []
  for (const [key, value] of Object.entries(node)) {
    const here = [...path, key]
    if (typeof value === 'string' && value.includes('${')) {
      let complete = true
      const resolved = value.replace(REFERENCE, (whole, variable: string) => {
        const found = env[variable]
        if (found !== undefined && found !== '') return found
        unset.push({name: variable, path: here})
        complete = false
        return whole
      })
      if (key === 'clientSecret' && complete) secrets.push(resolved)
      ;(node as Record<string, unknown>)[key] = resolved
    } else if (value && typeof value === 'object') {
      unset.push(...resolveReferences(value as Record<string, unknown>, here, env, secrets))
    }
  }
  return unset
}
