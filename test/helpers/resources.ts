import {expect} from 'vitest'

import {Api} from '../../src/api/client.js'
import type {RunResult} from './cli.js'
import type {EmulatorFixture} from './emulator.js'

/** What every command prints on stdout with --json when it fails. */
export interface ErrorJson {
  error: {code: string; hint: string | null; message: string}
}

/**
 * The id of the organization a development environment starts with (it has domains and an SSO connection). Read
 * in-process: `orgs list` itself is tested in orgs.test.ts.
 */
export async function seededOrganizationId(emulator: EmulatorFixture): Promise<string> {
  const client = await emulator.sdk()
  let pageToken: string | undefined
  do {
    const page = await client.organization.listOrganization({pageSize: 100, pageToken})
    const seeded = page.organizations.find((o) => o.displayName === 'Test Organization')
    if (seeded) return seeded.id
    pageToken = page.nextPageToken || undefined
  } while (pageToken)
  throw new Error('the emulator has no seeded Test Organization')
}

/** Creates an organization in-process (`orgs create` itself is tested in orgs.test.ts); its id. */
export async function createOrganization(emulator: EmulatorFixture, name: string, externalId?: string) {
  const client = await emulator.sdk()
  const {organization} = await client.organization.createOrganization(name, externalId ? {externalId} : undefined)
  if (!organization) throw new Error('the emulator created no organization')
  return organization.id
}

const apis = new Map<string, Api>()

/**
 * The seam the commands call the API through, with the emulator's credentials: for running a command's capability
 * in-process (what its --json prints) where a test is about the result rather than how the CLI shows it. One per
 * emulator, so its token is minted once.
 */
export function cliApi(emulator: EmulatorFixture): Api {
  const env = emulator.env()
  const key = `${emulator.url} ${env.SCALEKIT_CLIENT_ID}`
  let api = apis.get(key)
  if (!api) {
    api = new Api({
      clientId: env.SCALEKIT_CLIENT_ID!,
      clientSecret: env.SCALEKIT_CLIENT_SECRET!,
      environmentUrl: emulator.url,
    })
    apis.set(key, api)
  }
  return api
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
