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
  store: ProfileStore
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
export async function resolveCredentials({env, flags, store}: ResolveInput): Promise<ResolvedCredentials> {
  const profileName = flags.profile ?? env.SKCTL_PROFILE?.trim() ?? store.active
  const profileSource = flags.profile ? 'flag' : env.SKCTL_PROFILE?.trim() ? 'env' : 'active'
  const profile = profileName ? store.get(profileName) : undefined
  if (profileName && !profile && profileSource !== 'active') {
    throw new CliError('auth_failed', `profile "${profileName}" does not exist`, {hint: 'skctl profiles list'})
  }
  const useEnv = profileSource !== 'flag'
  const fromProfile = (value: string | undefined): Sourced | undefined =>
    value && profileName ? {origin: profileName, source: 'profile', value} : undefined
  const fromFlag = (value: string | undefined, name: string): Sourced | undefined =>
    value ? {origin: `--${name}`, source: 'flag', value} : undefined

  const environmentUrl =
    fromFlag(flags.environmentUrl, 'environment-url') ??
    (useEnv ? fromEnv(env, 'SCALEKIT_ENVIRONMENT_URL', 'SCALEKIT_ENV_URL') : undefined) ??
    fromProfile(profile?.environmentUrl)
  if (environmentUrl) environmentUrl.value = normaliseEnvironmentUrl(environmentUrl.value)

  const clientId =
    fromFlag(flags.clientId, 'client-id') ??
    (useEnv ? fromEnv(env, 'SCALEKIT_CLIENT_ID') : undefined) ??
    fromProfile(profile?.clientId)

  const clientSecret =
    (useEnv ? fromEnv(env, 'SCALEKIT_CLIENT_SECRET') : undefined) ??
    (profile && profileName ? fromProfile(await store.readSecret(profileName)) : undefined)
  registerSecret(clientSecret?.value)

  return {
    clientId,
    clientSecret,
    environmentUrl,
    profile: profile && profileName ? {name: profileName, source: profileSource} : undefined,
  }
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
