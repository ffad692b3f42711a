import {type ConnectionProviderName, IDP_SIMULATOR} from '../api/connection-providers.js'
import {DIRECTORY_PROVIDERS, type DirectoryProviderName} from '../api/directories.js'
import {parseDomainName} from '../api/domains.js'
import type {MetadataFinding} from '../checks/saml-metadata.js'
import {readClientSecret} from '../connections/client-secret.js'
import {OIDC_FLAGS, readSettings, SAML_FLAGS, type SettingsFlags} from '../connections/settings-input.js'
import {usageError} from '../errors.js'
import {assertExternalId} from '../input.js'
import {IDP_GUIDES} from './handoff-idps.js'
import type {OnboardPlan} from './onboard-steps.js'

/** The flags of `skctl onboard`, as parsed. */
export interface OnboardFlags extends SettingsFlags {
  'client-secret'?: string
  'client-secret-stdin'?: boolean
  domain?: string[]
  'enable-connection'?: boolean
  'external-id'?: string
  name?: string
  provider?: string
  scim?: boolean
  sso?: boolean
  type?: string
}

type Prompts = typeof import('@inquirer/prompts')

/** The IdPs offered at the prompt, the most common first; each has steps of its own in the handoff. */
const GUIDED: ConnectionProviderName[] = [
  'okta',
  'microsoft-ad',
  'google',
  'jumpcloud',
  'onelogin',
  'ping-identity',
  'adfs',
]
const PROMPT_PROVIDERS: Array<{name: string; value: ConnectionProviderName}> = [
  ...GUIDED.map((value) => ({name: `${IDP_GUIDES[value]?.label ?? value} (${value})`, value})),
  {name: 'Auth0 (auth0)', value: 'auth0'},
  {name: 'Another SAML or OIDC provider (custom)', value: 'custom'},
  {name: 'The IdP simulator, for a trial (idp-simulator)', value: IDP_SIMULATOR},
]
const NOT_KNOWN = "Not known yet: the customer's IT admin picks it in the admin portal"

const given = (flags: OnboardFlags, names: readonly string[]) =>
  names.filter((name) => {
    const value = (flags as Record<string, unknown>)[name]
    return value !== undefined && value !== false
  })

/** A usage error for an answer that needs a person to ask, naming the flag that gives it. */
const missing = (flag: string, hint: string) =>
  usageError(`--${flag} is required when there is no terminal to ask (or with --json)`, hint)

const slug = (name: string) =>
  name
    .toLowerCase()
    .replaceAll(/[^a-z0-9]+/g, '-')
    .replaceAll(/^-|-$/g, '')

function parseDomains(values: string[]): string[] {
  return [
    ...new Set(
      values
        .flatMap((v) => v.split(/[\s,]+/))
        .filter(Boolean)
        .map((d) => parseDomainName(d)),
    ),
  ]
}

/**
 * Turns flags (and, with a person at a terminal, answers to what the flags left out) into the onboarding plan.
 * Everything is checked here, before any API call: SAML metadata, an OIDC client secret from standard input or a
 * hidden prompt — never from a flag value. Without a terminal a missing answer is a usage error naming its flag.
 */
export async function resolvePlan(
  flags: OnboardFlags,
  {interactive}: {interactive: boolean},
): Promise<{plan: OnboardPlan; warnings: MetadataFinding[]}> {
  // Refused first, before any question: the value has already reached shell history and the process list.
  if (flags['client-secret'] !== undefined) await readClientSecret(flags, {interactive: false, required: false})
  const ask: Prompts | undefined = interactive ? await import('@inquirer/prompts') : undefined
  const settings = given(flags, [...SAML_FLAGS, ...OIDC_FLAGS])

  const name = (
    flags.name ??
    (ask
      ? await ask.input({message: 'Organization name', required: true})
      : fail(missing('name', 'pass --name "Acme Corp"')))
  ).trim()
  if (!name) throw usageError('--name must not be empty')
  const externalId = assertExternalId(
    flags['external-id'] ??
      (ask
        ? await ask.input({default: slug(name), message: 'Your external id for it (a re-run finds it by this)'})
        : fail(
            missing('external-id', 'pass --external-id acme-42: your own id for the customer, how a re-run finds it'),
          )),
  ) as string
  const domains =
    flags.domain === undefined && ask
      ? parseDomains([
          await ask.input({
            message: 'Email domains of the customer (comma-separated, empty for none)',
            validate: (text) => tryParse(() => parseDomains([text])),
          }),
        ])
      : parseDomains(flags.domain ?? [])

  let {scim = false, sso = false} = flags
  if (!sso && !scim) {
    if (!ask) throw missing('sso', 'pass --sso, --scim or both')
    sso = await ask.confirm({default: true, message: 'Set up single sign-on (SSO)?'})
    scim = await ask.confirm({default: false, message: 'Set up user provisioning (SCIM)?'})
    if (!sso && !scim) throw usageError('nothing to set up: neither SSO nor SCIM was chosen')
  }
  if (settings.length > 0 && !sso) throw usageError(`--${settings[0]} is an SSO connection setting`, 'add --sso')

  let provider = flags.provider as ConnectionProviderName | undefined
  if (!provider && ask && sso) {
    provider = await pickProvider(ask, {
      choices: [...PROMPT_PROVIDERS, {name: NOT_KNOWN, value: ''}],
      message: "The customer's identity provider",
    })
  }
  if (!provider && ask && scim && !sso) {
    provider = await pickProvider(ask, {
      choices: [
        ...PROMPT_PROVIDERS.filter((p) => p.value in DIRECTORY_PROVIDERS),
        {name: 'Another SCIM provider, or not known yet', value: ''},
      ],
      message: "The customer's identity provider (it provisions the users)",
    })
  }

  const simulator = provider === IDP_SIMULATOR
  if (flags.type && !provider) throw usageError('--type needs --provider', 'pass the IdP, e.g. --provider okta')
  if (simulator && settings.length > 0) {
    throw usageError(`the IdP simulator takes no IdP settings (--${settings[0]})`, 'leave the settings flags out')
  }
  let type = flags.type?.toUpperCase() as 'OIDC' | 'SAML' | undefined
  if (sso && provider && !type) {
    if (simulator) type = 'OIDC'
    else if (ask) type = await ask.select({choices: [{value: 'SAML'}, {value: 'OIDC'}] as const, message: 'Protocol'})
    else throw missing('type', `pass --type saml or --type oidc for the ${provider} connection`)
  }

  let ssoSetup: OnboardPlan['ssoSetup'] = settings.length > 0 || simulator ? 'here' : 'admin-portal'
  const input: OnboardFlags = {...flags}
  if (sso && provider && type && ssoSetup === 'admin-portal' && ask) {
    ssoSetup = await ask.select({
      choices: [
        {name: "The customer's IT admin, in the admin portal (you send them the handoff)", value: 'admin-portal'},
        {
          name: `You, now: ${type === 'SAML' ? "the IdP's metadata" : 'the issuer, client id and secret'}`,
          value: 'here',
        },
      ] as const,
      message: 'Who configures SSO?',
    })
    if (ssoSetup === 'here') await askSettings(ask, type, input)
  }

  const {changes, warnings} =
    ssoSetup === 'here' && sso && type ? await readSettings(input, type) : {changes: {}, warnings: []}
  if (changes.oidc) {
    const secret = await readClientSecret(input, {interactive, required: true})
    if (secret) changes.oidc.clientSecret = secret
  }
  const directoryProvider =
    provider && provider in DIRECTORY_PROVIDERS ? (provider as DirectoryProviderName) : undefined
  return {
    plan: {
      changes,
      directoryProvider,
      domains,
      enableConnection: Boolean(flags['enable-connection']) || simulator,
      externalId,
      name,
      provider,
      scim,
      sso,
      ssoSetup,
      type: sso ? type : undefined,
    },
    warnings,
  }
}

/** The settings a person configuring SSO now gives: SAML metadata (a URL or a file), or the OIDC client. */
async function askSettings(ask: Prompts, type: 'OIDC' | 'SAML', input: OnboardFlags): Promise<void> {
  if (type === 'SAML') {
    const source = (await ask.input({message: "The IdP's metadata: its URL or a file", required: true})).trim()
    if (/^https?:\/\//i.test(source)) input['metadata-url'] = source
    else input['metadata-file'] = source
    return
  }
  input.issuer = (await ask.input({message: 'OIDC issuer URL', required: true})).trim()
  input['client-id'] = (await ask.input({message: 'OIDC client id', required: true})).trim()
}

/** A choice among IdPs; the empty value ("not known yet") is none. */
async function pickProvider(
  ask: Prompts,
  question: {choices: Array<{name: string; value: ConnectionProviderName | ''}>; message: string},
): Promise<ConnectionProviderName | undefined> {
  return (await ask.select(question)) || undefined
}

function fail(error: Error): never {
  throw error
}

/** For a prompt's validate: true, or the error's message (the prompt shows it and asks again). */
function tryParse(parse: () => unknown): string | true {
  try {
    parse()
    return true
  } catch (error) {
    return (error as Error).message
  }
}
