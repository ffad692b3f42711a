import {CliError} from '../errors.js'
import {registerSecret} from '../redact.js'
import type {ProfileStore} from './profiles.js'
import {normaliseEnvironmentUrl} from './url.js'

export type Source = 'env' | 'flag' | 'profile'

export interface Sourced {
  source: Source
  /** The environment variable or profile the value came from. */
  origin: string
  value: string
}

export interface ResolvedCredentials {
  clientId?: Sourced
  clientSecret?: Sourced
  environmentUrl?: Sourced
  /** The profile consulted, if any, and how it was chosen. */
  profile?: {name: string; source: 'active' | 'env' | 'flag'}
}

export interface ResolveInput {
  env: NodeJS.ProcessEnv
  flags: {clientId?: string; environmentUrl?: string; profile?: string}
  /** Opened only when a profile can matter. */
  store: () => Promise<ProfileStore>
}

function fromEnv(env: NodeJS.ProcessEnv, ...names: string[]): Sourced | undefined {
  for (const name of names) {
    const value = env[name]?.trim()
    if (value) return {origin: name, source: 'env', value}
  }
  return undefined
}

/**
 * Precedence: flag > environment variable > profile. A profile named by `--profile` is itself a flag choice, so
 * its values are not overridden by SCALEKIT_* variables left in the shell.
 */
export async function resolveCredentials({env, flags, store: openStore}: ResolveInput): Promise<ResolvedCredentials> {
  const flagged = {
    clientId: fromFlag(flags.clientId, 'client-id'),
    environmentUrl: fromFlag(flags.environmentUrl, 'environment-url'),
  }
  const variables = flags.profile
    ? {}
    : {
        clientId: fromEnv(env, 'SCALEKIT_CLIENT_ID'),
        clientSecret: fromEnv(env, 'SCALEKIT_CLIENT_SECRET'),
        environmentUrl: fromEnv(env, 'SCALEKIT_ENVIRONMENT_URL', 'SCALEKIT_ENV_URL'),
      }
  const direct = {
    clientId: flagged.clientId ?? variables.clientId,
    clientSecret: variables.clientSecret,
    environmentUrl: flagged.environmentUrl ?? variables.environmentUrl,
  }
  // When flags and variables supply everything, no profile can add anything: skip opening the config file.
  if (direct.clientId && direct.clientSecret && direct.environmentUrl) return finish(direct)

  const store = await openStore()
  const {profileName, profileSource} = chosenProfile(env, flags, store)
  const profile = profileName ? store.get(profileName) : undefined
  if (profileName && !profile && profileSource !== 'active') {
    throw new CliError('auth_failed', `profile "${profileName}" does not exist`, {hint: 'skctl profiles list'})
  }
  if (!profile || !profileName) return finish(direct)
  const fromProfile = (value: string | undefined): Sourced | undefined =>
    value ? {origin: profileName, source: 'profile', value} : undefined
  return finish(
    {
      clientId: direct.clientId ?? fromProfile(profile.clientId),
      clientSecret: direct.clientSecret ?? fromProfile(await store.readSecret(profileName)),
      environmentUrl: direct.environmentUrl ?? fromProfile(profile.environmentUrl),
    },
    {name: profileName, source: profileSource},
  )
}

/**
 * The environment URL alone, by the same precedence, reading no secret: what a command will talk to, known before it
 * runs. Opens the profile store only when no flag or variable names the URL.
 */
export async function resolveEnvironmentUrl({env, flags, store: openStore}: ResolveInput): Promise<string | undefined> {
  const direct =
    fromFlag(flags.environmentUrl, 'environment-url') ??
    (flags.profile ? undefined : fromEnv(env, 'SCALEKIT_ENVIRONMENT_URL', 'SCALEKIT_ENV_URL'))
  const store = direct ? undefined : await openStore()
  const {profileName} = store ? chosenProfile(env, flags, store) : {profileName: undefined}
  const url = direct?.value ?? (profileName ? store?.get(profileName)?.environmentUrl : undefined)
  return url && normaliseEnvironmentUrl(url)
}

/** The profile a command uses: --profile, else SKCTL_PROFILE, else the active one. */
function chosenProfile(
  env: NodeJS.ProcessEnv,
  flags: ResolveInput['flags'],
  store: ProfileStore,
): {profileName: string | undefined; profileSource: 'active' | 'env' | 'flag'} {
  const fromVariable = env.SKCTL_PROFILE?.trim()
  return {
    profileName: flags.profile ?? fromVariable ?? store.active,
    profileSource: flags.profile ? 'flag' : fromVariable ? 'env' : 'active',
  }
}

function fromFlag(value: string | undefined, name: string): Sourced | undefined {
  return value ? {origin: `--${name}`, source: 'flag', value} : undefined
}

function finish(
  values: Pick<ResolvedCredentials, 'clientId' | 'clientSecret' | 'environmentUrl'>,
  profile?: ResolvedCredentials['profile'],
): ResolvedCredentials {
  const {environmentUrl} = values
  if (environmentUrl) environmentUrl.value = normaliseEnvironmentUrl(environmentUrl.value)
  registerSecret(values.clientSecret?.value)
  return {...values, profile}
}

/** The three values an API call needs, or an authentication error naming what is missing and how to set it. */
export function requireCredentials(resolved: ResolvedCredentials): {
  clientId: string
  clientSecret: string
  environmentUrl: string
} {
  const missing = [
    resolved.environmentUrl ? undefined : 'environment URL (SCALEKIT_ENVIRONMENT_URL)',
    resolved.clientId ? undefined : 'client id (SCALEKIT_CLIENT_ID)',
    resolved.clientSecret ? undefined : 'client secret (SCALEKIT_CLIENT_SECRET)',
  ].filter(Boolean)
  if (missing.length > 0 || !resolved.environmentUrl || !resolved.clientId || !resolved.clientSecret) {
    throw new CliError('auth_failed', `no credentials: missing ${missing.join(', ')}`, {
      hint: 'run skctl login, set the SCALEKIT_* variables, or start a local emulator with skctl emulator start',
    })
  }
  return {
    clientId: resolved.clientId.value,
    clientSecret: resolved.clientSecret.value,
    environmentUrl: resolved.environmentUrl.value,
  }
}
