import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {toJson} from '@bufbuild/protobuf'
import {UserSchema} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/users/users_pb.js'
import {expect} from 'vitest'

import {runJson} from '../../helpers/cli.js'
import type {EmulatorFixture} from '../../helpers/emulator.js'
import {emulatorSdk} from '../../helpers/sdk-fixtures.js'
import {tempDir} from '../../helpers/tmp.js'

export interface ImportSummaryJson {
  dryRun: boolean
  errorCount: number
  errors: Array<{code: string; email: string; line: number; message: string}>
  interrupted: boolean
  jobId: string
  resumed: boolean
  membershipsAdded: number
  organizations: Counts
  rows: number
  users: Counts
}

export interface Counts {
  created: number
  existing: number
  failed: number
  skipped: number
  updated: number
}

export interface MemberJson {
  email: string
  externalId?: string
  id: string
  memberships: Array<{organizationId: string; roles: Array<{name: string}>}>
  metadata: Record<string, string>
  userProfile?: {familyName?: string; givenName?: string}
}

/** Writes a CSV into a fresh temporary directory and returns its path. */
export function csvFile(text: string, name = 'users.csv'): string {
  const path = join(tempDir('skctl-import-'), name)
  writeFileSync(path, text)
  return path
}

/** `email,first_name,last_name,external_id` rows for `count` synthetic users. */
export function syntheticUsers(count: number, prefix: string): string {
  const lines = ['email,first_name,last_name,external_id']
  for (let i = 0; i < count; i++) lines.push(`${prefix}-${i}@example.com,First${i},Last${i},${prefix}-${i}`)
  return `${lines.join('\n')}\n`
}

export async function members(emulator: EmulatorFixture, org: string, env = emulator.env()): Promise<MemberJson[]> {
  const {code, json} = await runJson<{users: MemberJson[]}>(['users', 'list', '--org', org, '--all'], {env})
  expect(code).toBe(0)
  return json.users
}

/**
 * The members of an organization read in-process through the SDK, in the JSON form `users list --json` prints:
 * for checks of what an import left behind, without spawning the CLI.
 */
export async function storedMembers(emulator: EmulatorFixture, org: string): Promise<MemberJson[]> {
  const all: MemberJson[] = []
  let pageToken: string | undefined
  do {
    const page = await emulatorSdk(emulator).user.listOrganizationUsers(org, {pageSize: 100, pageToken})
    for (const user of page.users)
      all.push(toJson(UserSchema, user, {alwaysEmitImplicit: true}) as unknown as MemberJson)
    pageToken = page.nextPageToken || undefined
  } while (pageToken)
  return all
}

/** RPCs that change state, summed from the emulator's counters. */
export function mutatingCalls(rpc: Record<string, number>): number {
  return Object.entries(rpc)
    .filter(([name]) => /\/(Create|Update|Delete|Assign|Remove|Add|Enable|Disable|Generate|Regenerate)/.test(name))
    .reduce((sum, [, count]) => sum + count, 0)
}

export const total = (counts: Counts) => Object.values(counts).reduce((a, b) => a + b, 0)
