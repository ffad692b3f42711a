import {expect} from 'vitest'

import {type RunResult, runJson} from './cli.js'
import type {EmulatorFixture} from './emulator.js'

/** What every command prints on stdout with --json when it fails. */
export interface ErrorJson {
  error: {code: string; hint: string | null; message: string}
}

/** The id of the organization a development environment starts with (it has domains and an SSO connection). */
export async function seededOrganizationId(emulator: EmulatorFixture): Promise<string> {
  const {json} = await runJson<{organizations: Array<{displayName: string; id: string}>}>(['orgs', 'list', '--all'], {
    env: emulator.env(),
  })
  const seeded = json.organizations.find((o) => o.displayName === 'Test Organization')
  if (!seeded) throw new Error('the emulator has no seeded Test Organization')
  return seeded.id
}

export async function createOrganization(emulator: EmulatorFixture, name: string, externalId?: string) {
  const extra = externalId ? ['--external-id', externalId] : []
  const {code, json} = await runJson<{id: string}>(['orgs', 'create', '--name', name, ...extra], {env: emulator.env()})
  expect(code).toBe(0)
  return json.id
}

/** Runs `work` and checks it made no RPC and minted no token: input was refused before any call. */
export async function withoutCalls<T extends RunResult>(emulator: EmulatorFixture, work: () => Promise<T>): Promise<T> {
  const before = await emulator.stats()
  const result = await work()
  const after = await emulator.stats()
  expect(after.rpc).toEqual(before.rpc)
  expect(after.tokens).toBe(before.tokens)
  return result
}
