import {existsSync} from 'node:fs'
import {join} from 'node:path'

import {environmentKind} from '../config/url.js'

/** Set in a command re-run to trust skctl's local CA: that run never re-runs itself again. */
export const LOCAL_CA_RERUN = 'SKCTL_LOCAL_CA_RERUN'

/** skctl's local CA (made by `emulator start --tls`): `tls/ca.pem` in its data directory. */
export const localCaFile = (dataDir: string) => join(dataDir, 'tls', 'ca.pem')

/**
 * The local CA this process must trust to reach `url`, when it does not yet and can: `url` is an https loopback URL
 * (an emulator started with --tls), the CA exists, and NODE_EXTRA_CA_CERTS is unset. That variable names one file
 * only, so one the user set (to this CA or another) is left alone; the untrusted-certificate hint then explains.
 * Costs nothing (no file read) for any other URL.
 */
export function localCaToTrust(url: string | undefined, dataDir: string, env: NodeJS.ProcessEnv): string | undefined {
  if (!url?.startsWith('https:') || env[LOCAL_CA_RERUN] || env.NODE_EXTRA_CA_CERTS) return undefined
  try {
    if (environmentKind(url) !== 'local') return undefined
  } catch {
    return undefined // not a URL: the command reports it
  }
  const caFile = localCaFile(dataDir)
  return existsSync(caFile) ? caFile : undefined
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
