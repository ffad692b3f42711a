import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {ScalekitClient} from '@scalekit-sdk/node'
import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {createOrganization} from '../../helpers/resources.js'
import {tempDir} from '../../helpers/tmp.js'
import {startWebhookReceiver} from '../../helpers/webhook-receiver.js'

const emulator = useEmulator()

interface Envelope {
  data: {active?: boolean; email?: string; preferred_username?: string; display_name?: string}
  id: string
  object: string
  organization_id: string
  type: string
}

describe('the identity-provider simulator, the SCIM server and signed webhooks together', () => {
  it('every change a push makes reaches the app as a webhook the SDK verifies; a failing endpoint is retried', async () => {
    const env = emulator.env()
    // The app's endpoint fails its first delivery: the emulator must retry it.
    const receiver = await startWebhookReceiver((n) => (n === 1 ? 500 : 200))
    try {
      const added = await runJson<{id: string; secret: string}>(['emulator', 'webhooks', 'add', receiver.url], {env})
      expect(added.code).toBe(0)
      const org = await createOrganization(emulator, 'Hooked Inc', 'hooked')
      const directory = await runJson<{id: string}>(
        ['directories', 'create', '--org', 'hooked', '--provider', 'okta'],
        {env},
      )

      const dir = tempDir()
      const push = async (csv: string, ...flags: string[]) => {
        writeFileSync(join(dir, 'idp.csv'), csv)
        const result = await runJson<{counts: Record<string, number>}>(
          [
            'directories',
            'simulate',
            'push',
            join(dir, 'idp.csv'),
            '--org',
            'hooked',
            '--directory',
            directory.json.id,
            '--yes',
            ...flags,
          ],
          {env},
        )
        expect(result.code, result.stderr).toBe(0)
        return result.json
      }
      await push(
        'userName,givenName,familyName,active,groups\nann@hooked.test,Ann,A,true,Staff\nbob@hooked.test,Bob,B,true,Staff\n',
      )
      await push('userName,givenName,familyName,active,groups\nann@hooked.test,Ann,A,false,Staff\n', '--delete-missing')

      const deliveries = await runJson<{deliveries: unknown[]}>(['emulator', 'webhooks', 'deliveries', '--wait'], {env})
      expect(deliveries.code).toBe(0)
      const sdk = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
      // Each delivered event once (the first attempt that failed was sent again, with the same event id).
      const events = new Map<string, Envelope>()
      for (const delivery of receiver.received) {
        expect(sdk.verifyWebhookPayload(added.json.secret, delivery.headers, delivery.body)).toBe(true)
        const event = JSON.parse(delivery.body) as Envelope
        events.set(event.id, event)
      }
      expect(receiver.received.length).toBe(events.size + 1)
      const happened = [...events.values()].map((e) => [
        e.type,
        e.data.preferred_username ?? e.data.email ?? e.data.display_name,
      ])
      expect(happened).toEqual(
        expect.arrayContaining([
          ['organization.directory.user_created', 'ann@hooked.test'],
          ['organization.directory.user_created', 'bob@hooked.test'],
          ['organization.directory.group_created', 'Staff'],
          ['organization.directory.user_deleted', 'bob@hooked.test'],
        ]),
      )
      const deactivated = [...events.values()].find(
        (e) =>
          e.type === 'organization.directory.user_updated' &&
          e.data.preferred_username === 'ann@hooked.test' &&
          e.data.active === false,
      )
      expect(deactivated).toBeDefined()
      expect([...events.values()].every((e) => e.organization_id === org)).toBe(true)
    } finally {
      await receiver.close()
    }
  })
})
