import type {ProfileStore} from '../config/profiles.js'
import {DEFAULT_CLIENT_SECRET} from '../emulator/index.js'
import {mask} from '../redact.js'

export const EMULATOR_PROFILE = 'emulator'

/** The documented test secret is public and shown in full; any other secret is masked like every secret. */
export const showSecret = (secret: string) => (secret === DEFAULT_CLIENT_SECRET ? secret : (mask(secret) ?? ''))

/** Points the `emulator` profile at a running emulator; it becomes active only if no profile is. */
export async function saveEmulatorProfile(
  profiles: ProfileStore,
  values: {clientId: string; clientSecret: string; url: string},
): Promise<{activated: boolean}> {
  const activated = !profiles.active || profiles.active === EMULATOR_PROFILE
  await profiles.save(
    EMULATOR_PROFILE,
    {clientId: values.clientId, clientSecret: values.clientSecret, environmentUrl: values.url},
    {activate: activated},
  )
  return {activated}
}
