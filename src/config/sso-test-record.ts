import {chmod, mkdir, open} from 'node:fs/promises'
import {join} from 'node:path'

import {writeFileAtomically} from '../atomic-file.js'

// skctl's own memory of the last SSO test per organization and environment, which `onboard status` shows: Scalekit
// keeps no history of logins it could be asked for. One small JSON file beside the profiles; nothing secret in it
// (no token, no claim, no user), only when, which connection, and how it ended.

export const SSO_TEST_FILE = 'sso-tests.json'
/** Enough for every organization one engineer tests; the oldest entries go first. */
export const MAX_ENTRIES = 2000
/** A file larger than this is not ours (or was damaged): it is ignored and replaced on the next write. */
const MAX_FILE_BYTES = 1024 * 1024
/** IdP error text is remote and may be long: a reason is cut to this. */
const MAX_REASON = 300

export interface SsoTestEntry {
  /** The connection that was tested, when known. */
  connectionId?: string
  environmentUrl: string
  organizationId: string
  /** Why it failed (a stage and its detail), or a pending portal test's state. */
  reason?: string
  result: 'failed' | 'passed' | 'pending'
  /** `sso test` ran here; `portal test` is a Test connection run read with `connections test-result`. */
  source: 'portal test' | 'sso test'
  /** The portal test run's id (`test_…`), so its result can be asked for again. */
  testRequestId?: string
  /** ISO time the test ended. */
  time: string
}

interface FileShape {
  entries: SsoTestEntry[]
  version: 1
}

const serialise = (entries: SsoTestEntry[]) => `${JSON.stringify({entries, version: 1} satisfies FileShape, null, 1)}\n`

const keyOf = (e: Pick<SsoTestEntry, 'environmentUrl' | 'organizationId'>) => `${e.environmentUrl} ${e.organizationId}`

/** Every entry on file, newest last; a missing, oversized or unreadable file holds none. */
export async function readSsoTests(configDir: string): Promise<SsoTestEntry[]> {
  let text: string
  try {
    const file = await open(join(configDir, SSO_TEST_FILE), 'r')
    try {
      if ((await file.stat()).size > MAX_FILE_BYTES) return []
      text = await file.readFile('utf8')
    } finally {
      await file.close()
    }
  } catch {
    return []
  }
  try {
    const parsed = JSON.parse(text) as Partial<FileShape>
    return Array.isArray(parsed.entries) ? parsed.entries.filter(isEntry) : []
  } catch {
    return []
  }
}

function isEntry(value: unknown): value is SsoTestEntry {
  const e = value as Partial<SsoTestEntry> | null
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof e.environmentUrl === 'string' &&
    typeof e.organizationId === 'string' &&
    typeof e.time === 'string' &&
    (e.result === 'passed' || e.result === 'failed' || e.result === 'pending')
  )
}

/** The last test of each organization of one environment, by organization id. */
export async function lastSsoTests(configDir: string, environmentUrl: string): Promise<Map<string, SsoTestEntry>> {
  const entries = await readSsoTests(configDir)
  return new Map(entries.filter((e) => e.environmentUrl === environmentUrl).map((e) => [e.organizationId, e]))
}

/**
 * Records a test's outcome, replacing the organization's previous one in that environment. The file is written
 * whole to a temporary file (0600, in the 0700 config directory) and renamed over the old one, so a reader never
 * sees half of it; two tests ending at the same moment may keep only one of their two entries.
 */
export async function recordSsoTest(configDir: string, entry: SsoTestEntry): Promise<void> {
  const clean: SsoTestEntry = {
    ...entry,
    reason: entry.reason === undefined ? undefined : entry.reason.slice(0, MAX_REASON),
  }
  const kept = (await readSsoTests(configDir)).filter((e) => keyOf(e) !== keyOf(clean))
  kept.push(clean)
  let entries = kept.slice(-MAX_ENTRIES)
  let text = serialise(entries)
  // Remote values (an organization id from an ID token, IdP error text) have no fixed size: the file is kept under
  // the size it is read back at by dropping the oldest entries.
  while (Buffer.byteLength(text) > MAX_FILE_BYTES && entries.length > 1) {
    entries = entries.slice(Math.ceil(entries.length / 10))
    text = serialise(entries)
  }
  await mkdir(configDir, {mode: 0o700, recursive: true})
  await chmod(configDir, 0o700) // as the profiles keep it, whatever made it first
  const path = join(configDir, SSO_TEST_FILE)
  await writeFileAtomically(path, text, {mode: 0o600})
}
