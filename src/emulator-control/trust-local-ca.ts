import {existsSync} from 'node:fs'
import {readFile, stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'

import {writeFileAtomically} from '../atomic-file.js'

import {environmentKind} from '../config/url.js'

/** Set in a command re-run to trust skctl's local CA: that run never re-runs itself again. */
export const LOCAL_CA_RERUN = 'SKCTL_LOCAL_CA_RERUN'

/** skctl's local CA (made by `emulator start --tls`): `tls/ca.pem` in its data directory. */
export const localCaFile = (dataDir: string) => join(dataDir, 'tls', 'ca.pem')

/** A NODE_EXTRA_CA_CERTS file larger than this is not copied: it is not a list of certificates. */
const MAX_EXTRA_CA_BYTES = 16 * 1024 * 1024

/**
 * The file NODE_EXTRA_CA_CERTS must name for this process to reach `url`, when it does not trust it yet and can:
 * `url` is an https loopback URL (an emulator started with --tls) and the CA exists. The variable names one file
 * only, so when the user set it to another file (many systems set it to their bundle), the answer is a file of
 * theirs and the CA together (`tls/node-extra-ca.pem`). Costs nothing (no file read) for any other URL.
 */
export async function localCaToTrust(
  url: string | undefined,
  dataDir: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (!url?.startsWith('https:') || env[LOCAL_CA_RERUN]) return undefined
  try {
    if (environmentKind(url) !== 'local') return undefined
  } catch {
    return undefined // not a URL: the command reports it
  }
  const caFile = localCaFile(dataDir)
  if (!existsSync(caFile)) return undefined
  const theirs = env.NODE_EXTRA_CA_CERTS
  if (!theirs) return caFile
  if (resolve(theirs) === caFile) return undefined
  return withTheirs(theirs, caFile, join(dataDir, 'tls', 'node-extra-ca.pem'))
}

/** `combined` holding the user's certificates and then the CA (written atomically); theirs unreadable: none. */
async function withTheirs(theirs: string, caFile: string, combined: string): Promise<string | undefined> {
  try {
    if ((await stat(theirs)).size > MAX_EXTRA_CA_BYTES) return undefined
    const text = `${(await readFile(theirs, 'utf8')).trimEnd()}\n${await readFile(caFile, 'utf8')}`
    const current = await readFile(combined, 'utf8').catch(() => undefined)
    if (current !== text) await writeFileAtomically(combined, text)
    return combined
  } catch {
    return undefined // the user's file is missing or unreadable: Node says so, and the hint explains
  }
}

/**
 * Node reads NODE_EXTRA_CA_CERTS only at start-up, and skctl reaches an environment through several clients (the
 * SDK's HTTP/1 and HTTP/2 transports, fetch): so the same command runs again in a child told to trust the CA, on this
 * terminal, and this process exits with its status. Called before any network call.
 */
export async function rerunTrusting(caFile: string): Promise<never> {
  const {runInherited} = await import('../inherited-child.js')
  const code = await runInherited(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    ...process.env,
    NODE_EXTRA_CA_CERTS: caFile,
    [LOCAL_CA_RERUN]: '1',
  })
  process.exit(code)
}
