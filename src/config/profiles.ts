import {chmodSync, mkdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import type Conf from 'conf'

import {CliError} from '../errors.js'
import {type Keychain, osKeychain} from './keychain.js'

export interface Profile {
  clientId: string
  /** Present only when the keychain was not usable: the file is 0600 in a 0700 directory. */
  clientSecret?: string
  environmentUrl: string
  secretStorage: 'file' | 'keychain'
}

interface ConfigShape {
  activeProfile?: string
  profiles: Record<string, Profile>
}

const FILE_MODE = 0o600
const DIR_MODE = 0o700

/** Opens the config file, creating or tightening its directory and file modes whatever the umask. */
async function open(configDir: string): Promise<Conf<ConfigShape>> {
  // conf (with its schema validator) costs ~70 ms to load: only commands that touch profiles pay for it.
  const {default: Conf} = await import('conf')
  mkdirSync(configDir, {mode: DIR_MODE, recursive: true})
  tighten(configDir, DIR_MODE)
  const store = new Conf<ConfigShape>({
    configFileMode: FILE_MODE,
    configName: 'config',
    cwd: configDir,
    defaults: {profiles: {}},
    projectName: 'skctl',
  })
  tighten(store.path, FILE_MODE)
  return store
}

function tighten(path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o777) !== mode) chmodSync(path, mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
}

export const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

export class ProfileStore {
  readonly path: string

  private constructor(
    readonly configDir: string,
    private readonly store: Conf<ConfigShape>,
    private readonly keychain: Keychain,
  ) {
    this.path = join(configDir, 'config.json')
  }

  static async open(configDir: string, keychain: Keychain = osKeychain): Promise<ProfileStore> {
    return new ProfileStore(configDir, await open(configDir), keychain)
  }

  get active(): string | undefined {
    return this.store.get('activeProfile')
  }

  get(name: string): Profile | undefined {
    return this.store.get('profiles')[name]
  }

  list(): Array<{active: boolean; name: string; profile: Profile}> {
    const active = this.active
    return Object.entries(this.store.get('profiles'))
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, profile]) => ({active: name === active, name, profile}))
  }

  async readSecret(name: string): Promise<string | undefined> {
    const profile = this.get(name)
    if (!profile) return undefined
    if (profile.secretStorage === 'file') return profile.clientSecret
    return this.keychain.get(name)
  }

  async remove(name: string): Promise<void> {
    const profile = this.requireProfile(name)
    if (profile.secretStorage === 'keychain') await this.keychain.remove(name)
    const profiles = {...this.store.get('profiles')}
    delete profiles[name]
    this.store.set('profiles', profiles)
    if (this.active === name) this.store.delete('activeProfile')
    tighten(this.store.path, FILE_MODE)
  }

  /** Saves a profile; returns where the secret went so the caller can warn once about file storage. */
  async save(
    name: string,
    values: {clientId: string; clientSecret: string; environmentUrl: string},
    options: {activate: boolean},
  ): Promise<Profile['secretStorage']> {
    if (!PROFILE_NAME.test(name)) {
      throw new CliError('invalid_input', `profile name "${name}" is not valid`, {
        hint: 'use letters, digits, ".", "_" or "-" (at most 64 characters)',
      })
    }
    const inKeychain = await this.keychain.set(name, values.clientSecret)
    const profile: Profile = inKeychain
      ? {clientId: values.clientId, environmentUrl: values.environmentUrl, secretStorage: 'keychain'}
      : {...values, secretStorage: 'file'}
    this.store.set('profiles', {...this.store.get('profiles'), [name]: profile})
    if (options.activate || !this.active) this.store.set('activeProfile', name)
    tighten(this.store.path, FILE_MODE)
    return profile.secretStorage
  }

  use(name: string): void {
    this.requireProfile(name)
    this.store.set('activeProfile', name)
  }

  requireProfile(name: string): Profile {
    const profile = this.get(name)
    if (!profile) {
      throw new CliError('not_found', `profile "${name}" does not exist`, {hint: 'skctl profiles list'})
    }
    return profile
  }
}
