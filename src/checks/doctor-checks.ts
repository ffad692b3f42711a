import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

import type {Keychain} from '../config/keychain.js'
import type {DoctorRow} from './doctor.js'

/** The oldest Node.js skctl runs on: the SDK `require`s ESM-only `jose`, which Node supports from 20.19. */
export const MIN_NODE = [20, 19] as const
/** ID tokens are checked with 60 s leeway; half of it is the point to warn at. */
export const MAX_SKEW_MS = 30_000

export function checkNode(version: string): DoctorRow {
  const [major = 0, minor = 0] = version.replace(/^v/, '').split('.').map(Number)
  const ok = major > MIN_NODE[0] || (major === MIN_NODE[0] && minor >= MIN_NODE[1])
  const needs = `${MIN_NODE[0]}.${MIN_NODE[1]}`
  return ok
    ? {check: 'node', detail: `Node.js ${version} (needs ${needs} or later)`, status: 'ok'}
    : {
        check: 'node',
        detail: `Node.js ${version} is too old: skctl needs ${needs} or later`,
        fix: `install Node.js ${needs} or later (e.g. nvm install 22, or your package manager's nodejs)`,
        status: 'fail',
      }
}

/** Paths under `dir` that group or others can read, write or enter: profiles hold client ids and maybe secrets. */
function looseModes(dir: string): Array<{mode: number; path: string; type: 'directory' | 'file'}> {
  const loose: Array<{mode: number; path: string; type: 'directory' | 'file'}> = []
  const visit = (path: string) => {
    const stat = statSync(path)
    const mode = stat.mode & 0o777
    const type = stat.isDirectory() ? 'directory' : 'file'
    if ((mode & 0o077) !== 0) loose.push({mode, path, type})
    if (stat.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name))
  }
  visit(dir)
  return loose
}

/** The config directory must be 0700 and its files 0600, whatever created them. */
export function checkConfigModes(dir: string): DoctorRow {
  let loose
  try {
    loose = looseModes(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return {check: 'config-modes', detail: `${dir} does not exist yet (skctl creates it 0700)`, status: 'ok'}
    }
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    return {
      check: 'config-modes',
      detail: `cannot read ${dir} (${reason})`,
      fix: `make ${dir} yours and private: chown -R "$USER" ${dir} && chmod 700 ${dir}`,
      status: 'fail',
    }
  }
  if (loose.length === 0) return {check: 'config-modes', detail: `${dir}: directory 0700, files 0600`, status: 'ok'}
  const octal = (mode: number) => `0${mode.toString(8)}`
  const fixes = [
    ...loose.filter((l) => l.type === 'directory').map((l) => `chmod 700 ${l.path}`),
    ...loose.filter((l) => l.type === 'file').map((l) => `chmod 600 ${l.path}`),
  ]
  return {
    check: 'config-modes',
    detail: `others can reach the config: ${loose.map((l) => `${l.path} is ${octal(l.mode)}`).join(', ')}`,
    fix: fixes.join(' && '),
    status: 'fail',
  }
}

/** Stores, reads back and removes a throwaway entry: the only way to know a keychain really works here. */
export async function checkKeychain(keychain: Keychain, env: NodeJS.ProcessEnv): Promise<DoctorRow> {
  if (env.SKCTL_NO_KEYCHAIN) {
    return {
      check: 'keychain',
      detail: 'turned off by SKCTL_NO_KEYCHAIN: skctl login keeps the secret in the 0600 config file',
      fix: 'unset SKCTL_NO_KEYCHAIN to keep secrets in the OS keychain',
      status: 'warn',
    }
  }
  const account = `skctl-doctor-${process.pid}`
  const stored = await keychain.set(account, `probe-${Date.now()}`)
  await keychain.remove(account)
  return stored
    ? {check: 'keychain', detail: 'the OS keychain stores and returns secrets', status: 'ok'}
    : {
        check: 'keychain',
        detail: 'no usable OS keychain: skctl login keeps the secret in the 0600 config file',
        fix: 'unlock or install a keychain (macOS Keychain, Windows Credential Manager, a Secret Service such as gnome-keyring), or set SKCTL_NO_KEYCHAIN=1 to choose the file on purpose',
        status: 'warn',
      }
}

/**
 * The server's clock against ours, from its `Date` header (1 s resolution) against the middle of the request.
 * ID tokens carry `iat`/`exp`: a skewed clock makes valid tokens look expired or not yet issued.
 */
export async function checkClock(environmentUrl: string, now: () => number = Date.now): Promise<DoctorRow> {
  const sent = now()
  let date: string | null
  try {
    const res = await fetch(environmentUrl, {method: 'HEAD', signal: AbortSignal.timeout(10_000)})
    date = res.headers.get('date')
  } catch (error) {
    const reason = (error as {cause?: {code?: string}}).cause?.code ?? (error as Error).message
    return {check: 'clock', detail: `cannot reach ${environmentUrl} (${reason})`, status: 'skip'}
  }
  const server = date ? Date.parse(date) : Number.NaN
  if (Number.isNaN(server)) {
    return {check: 'clock', detail: `${environmentUrl} sent no usable Date header`, status: 'skip'}
  }
  return clockRow(server - (sent + now()) / 2)
}

export function clockRow(skewMs: number): DoctorRow {
  const seconds = Math.round(Math.abs(skewMs) / 1000)
  const direction = skewMs > 0 ? 'behind' : 'ahead of'
  if (Math.abs(skewMs) <= MAX_SKEW_MS) {
    return {check: 'clock', detail: `in step with the server (within ${Math.max(seconds, 1)} s)`, status: 'ok'}
  }
  return {
    check: 'clock',
    detail: `this machine's clock is ${seconds} s ${direction} the server's: ID tokens may fail their iat/exp checks`,
    fix: 'turn on time synchronisation (e.g. sudo timedatectl set-ntp true, or Settings → Date & Time → set automatically)',
    status: 'warn',
  }
}
