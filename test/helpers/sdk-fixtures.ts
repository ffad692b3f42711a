import {ScalekitClient} from '@scalekit-sdk/node'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'
import type {EmulatorFixture} from './emulator.js'

const clients = new Map<string, ScalekitClient>()

/**
 * A real SDK client on the file's emulator, one per emulator (it mints its token once). Tests set up their fixtures
 * with it in-process: a spawn of the built CLI costs about a second, and only what users see needs one.
 */
export function emulatorSdk(emulator: EmulatorFixture): ScalekitClient {
  let client = clients.get(emulator.url)
  if (!client) {
    client = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
    clients.set(emulator.url, client)
  }
  return client
}

/** A new organization, made in-process; its id. */
export async function newOrganization(emulator: EmulatorFixture, name: string, externalId?: string): Promise<string> {
  const {organization} = await emulatorSdk(emulator).organization.createOrganization(name, {externalId})
  if (!organization) throw new Error('the emulator answered without an organization')
  return organization.id
}
