import {readFile} from 'node:fs/promises'

import type {ConnectionChanges, OidcSettingsInput, SamlSettingsInput} from '../api/connections.js'
import {checkIdpSettings, checkSamlMetadata, type IdpCheck, type MetadataFinding} from '../checks/saml-metadata.js'
import {invalidInput, usageError} from '../errors.js'
import {parseKeyValues} from '../input.js'

/** The connection flags `connections create` and `connections update` share, as parsed. */
export interface SettingsFlags {
  attribute?: string[]
  'button-title'?: string
  certificate?: string
  'client-id'?: string
  'entity-id'?: string
  issuer?: string
  'metadata-file'?: string
  'metadata-url'?: string
  'sso-url'?: string
}

export const SAML_FLAGS = ['metadata-url', 'metadata-file', 'entity-id', 'sso-url', 'certificate'] as const
export const OIDC_FLAGS = ['issuer', 'client-id', 'client-secret-stdin'] as const

const MAX_METADATA_BYTES = 1_000_000
const FETCH_TIMEOUT_MS = 15_000

export interface SettingsInput {
  changes: ConnectionChanges
  /** Warnings from the SAML checks, to print before proceeding (errors have already stopped the command). */
  warnings: MetadataFinding[]
}

const given = (flags: object, names: readonly string[]) =>
  names.filter(
    (name) =>
      (flags as Record<string, unknown>)[name] !== undefined && (flags as Record<string, unknown>)[name] !== false,
  )

/**
 * Reads and checks the settings flags before any API call: SAML metadata (a URL or a file) or the three IdP values
 * by hand, with the SAML checks (errors are exit 2); OIDC issuer and client id. The client secret is not read
 * here: the command gets it from stdin or a hidden prompt, never from a flag.
 */
export async function readSettings(
  flags: SettingsFlags & {'client-secret-stdin'?: boolean},
  type: 'OIDC' | 'SAML' | undefined,
  mode: 'create' | 'update' = 'create',
): Promise<SettingsInput> {
  const saml = given(flags, SAML_FLAGS)
  const oidc = given(flags, OIDC_FLAGS)
  if (type === 'OIDC' && saml.length > 0) throw usageError(`--${saml[0]} is a SAML setting; this is an OIDC connection`)
  if (type === 'SAML' && oidc.length > 0) throw usageError(`--${oidc[0]} is an OIDC setting; this is a SAML connection`)
  const changes: ConnectionChanges = {
    attributeMapping: parseKeyValues(flags.attribute, 'attribute'),
    uiButtonTitle: flags['button-title'],
  }
  const warnings: MetadataFinding[] = []
  if (saml.length > 0) {
    const check = await samlCheck(flags, saml)
    const errors = check.findings.filter((f) => f.severity === 'error')
    if (errors.length > 0) throw metadataError(errors)
    warnings.push(...check.findings.filter((f) => f.severity === 'warning'))
    changes.saml = samlInput(check, flags['metadata-url'])
  }
  if (oidc.length > 0) changes.oidc = oidcInput(flags, mode)
  return {changes, warnings}
}

async function samlCheck(flags: SettingsFlags, saml: string[]): Promise<IdpCheck> {
  const url = flags['metadata-url']
  const file = flags['metadata-file']
  const manual = saml.filter((name) => ['entity-id', 'sso-url', 'certificate'].includes(name))
  if ((url || file) && manual.length > 0) {
    throw usageError(
      `--${manual[0]} cannot be combined with metadata`,
      'give either metadata or --entity-id, --sso-url and --certificate',
    )
  }
  if (url && file) throw usageError('give --metadata-url or --metadata-file, not both')
  if (url) return checkSamlMetadata(await fetchMetadata(url))
  if (file) return checkSamlMetadata(await readText(file, '--metadata-file'))
  const missing = ['entity-id', 'sso-url', 'certificate'].filter((name) => !manual.includes(name))
  if (missing.length > 0) {
    throw usageError(
      `SAML settings by hand need --entity-id, --sso-url and --certificate (missing: --${missing.join(', --')})`,
      'or pass the IdP metadata: --metadata-url URL or --metadata-file FILE',
    )
  }
  const certificate = await readText(flags.certificate as string, '--certificate')
  return checkIdpSettings({certificate, entityId: flags['entity-id'], ssoUrl: flags['sso-url']})
}

function samlInput(check: IdpCheck, metadataUrl: string | undefined): SamlSettingsInput {
  const {certificate, entityId, ssoBinding, ssoUrl} = check.settings
  return {
    idpCertificate: certificate,
    idpEntityId: entityId,
    idpMetadataUrl: metadataUrl,
    idpSsoRequestBinding: ssoBinding,
    idpSsoUrl: ssoUrl,
  }
}

/** A create needs the issuer and client id; an update changes any of them (a secret rotation alone, say). */
function oidcInput(flags: SettingsFlags, mode: 'create' | 'update'): OidcSettingsInput {
  const issuer = flags.issuer?.trim()
  const clientId = flags['client-id']?.trim()
  if (clientId === '') throw invalidInput('--client-id must not be empty')
  if (mode === 'update') return {clientId, issuer: issuer === undefined ? undefined : checkIssuer(issuer)}
  if (issuer === undefined || !clientId) {
    throw usageError(
      `OIDC settings need --issuer and --client-id (missing: --${issuer === undefined ? 'issuer' : 'client-id'})`,
      'the client secret comes from --client-secret-stdin or a prompt',
    )
  }
  return {clientId, issuer: checkIssuer(issuer)}
}

/** An https URL; plain http only on this machine (a local IdP under test). */
function checkIssuer(issuer: string): string {
  let url: URL
  try {
    url = new URL(issuer)
  } catch {
    throw invalidInput(`--issuer ${issuer} is not a URL`, 'pass the IdP issuer, e.g. https://acme.okta.com')
  }
  if (url.protocol !== 'https:' && url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw invalidInput(`--issuer ${issuer} is not an https URL`, "ask the customer for the IdP's https issuer URL")
  }
  return issuer
}

function metadataError(errors: MetadataFinding[]) {
  const lines = errors.map((f) => `  ${f.element}: ${f.message} — ${f.ask}`)
  return invalidInput(
    `the SAML settings have ${errors.length === 1 ? 'a problem' : `${errors.length} problems`}; nothing was sent:\n${lines.join('\n')}`,
    'fix the metadata with the customer, or run again with corrected --metadata-file/--metadata-url',
  )
}

async function readText(path: string, flag: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw invalidInput(`cannot read ${flag} ${path} (${reason})`)
  }
}

/** Fetches IdP metadata (at most 1 MB, 15 s); every failure is a CliError saying what went wrong. */
export async function fetchMetadata(url: string): Promise<string> {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw invalidInput(`--metadata-url ${url} is not a URL`)
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw invalidInput(`--metadata-url ${url} is not an http(s) URL`)
  let response: Response
  try {
    response = await fetch(parsed, {signal: AbortSignal.timeout(FETCH_TIMEOUT_MS)})
  } catch (error) {
    const cause = (error as {cause?: {code?: string}}).cause?.code ?? (error as Error).message
    throw invalidInput(
      `cannot fetch the metadata from ${url} (${cause})`,
      'check the URL, or download it and pass --metadata-file',
    )
  }
  if (!response.ok) {
    throw invalidInput(
      `the metadata URL ${url} answered HTTP ${response.status}`,
      'check the URL with the customer, or pass --metadata-file',
    )
  }
  const body = await response.text()
  if (body.length > MAX_METADATA_BYTES)
    throw invalidInput(`the metadata at ${url} is over 1 MB: it is not IdP metadata`)
  return body
}
