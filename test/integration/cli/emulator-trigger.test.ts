import {once} from 'node:events'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import {ScalekitClient} from '@scalekit-sdk/node'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/defaults.js'
import {EVENT_TYPES} from '../../../src/emulator/events/catalog.js'
import {run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {startWebhookReceiver, type WebhookReceiver} from '../../helpers/webhook-receiver.js'

const emulator = useEmulator({webhookRetryBaseMs: 1})
const ORG = 'org_10000000000000001'

let app: WebhookReceiver
let secret: string
beforeAll(async () => {
  app = await startWebhookReceiver()
  ;({secret} = (await emulator.admin('POST', '/_emulator/webhooks', {url: app.url})) as {secret: string})
})
afterAll(async () => {
  await app?.close()
})

/** The app's own check: the SDK's verifyWebhookPayload, with the endpoint's secret. */
const verifier = () => new ScalekitClient(emulator.url, 'skc_unused', 'unused')

describe('skctl emulator trigger', () => {
  it('sends an event built from the emulator data, with --set overrides, signed like every delivery', async () => {
    const sdk = new ScalekitClient(emulator.url, DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
    const {user} = await sdk.user.createUserAndMembership(ORG, {email: 'ivy@example.com'})
    const {code, json, stderr} = await runJson<{endpoints: string[]; event: {id: string}; sample: boolean}>(
      [
        'emulator',
        'trigger',
        'user.organization_membership_created',
        '--org',
        ORG,
        '--set',
        'user.user_profile.email_verified=false',
        '--set',
        'user.metadata.plan=pro',
      ],
      {env: emulator.env()},
    )
    expect({code, stderr}).toEqual({code: 0, stderr: ''})
    expect(json).toMatchObject({endpoints: [expect.stringMatching(/^whe_/)], sample: false})
    const [delivery] = await app.waitFor(1)
    expect(verifier().verifyWebhookPayload(secret, delivery!.headers, delivery!.body)).toBe(true)
    const envelope = JSON.parse(delivery!.body) as Record<string, unknown>
    expect(envelope).toMatchObject({
      spec_version: '1',
      id: json.event.id,
      object: 'OrgMembershipEvent',
      organization_id: ORG,
      type: 'user.organization_membership_created',
      data: {
        organization: {id: ORG, display_name: 'Test Organization'},
        user: {
          id: user?.id,
          email: 'ivy@example.com',
          metadata: {plan: 'pro'},
          user_profile: {email_verified: false},
          membership: {organization_id: ORG, membership_status: 'ACTIVE'},
        },
      },
    })
  })

  it('builds every documented event type, from stored records or samples', async () => {
    const before = app.received.length
    for (const type of EVENT_TYPES) {
      const answer = await emulator.admin('POST', '/_emulator/trigger', {type, organization: ORG})
      expect(answer).toMatchObject({event: {type, id: expect.stringMatching(/^evt_\d{17}$/)}})
    }
    const deliveries = (await app.waitFor(before + EVENT_TYPES.length)).slice(before)
    const byType = new Map(deliveries.map((d) => [JSON.parse(d.body).type as string, d]))
    expect([...byType.keys()].sort()).toEqual([...EVENT_TYPES].sort())
    for (const delivery of deliveries) {
      expect(verifier().verifyWebhookPayload(secret, delivery.headers, delivery.body)).toBe(true)
    }
    // The seeded organization's IdP-simulator connection is what the SSO events describe.
    expect(JSON.parse(byType.get('organization.sso_disabled')!.body).data).toEqual({
      id: 'conn_10000000000000004',
      organization_id: ORG,
      connection_type: 'OIDC',
      provider: 'IDP_SIMULATOR',
      enabled: false,
      status: 'COMPLETED',
    })
  })

  it('refuses an unknown event type, a bad --set and a non-emulator environment with exit 2', async () => {
    const typo = await run(['emulator', 'trigger', 'organisation.created'], {env: emulator.env()})
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain('Error: organisation.created is not an event type Scalekit sends')
    expect(typo.stderr).toContain('Hint: did you mean organization.created?')

    const badSet = await runJson(['emulator', 'trigger', 'organization.updated', '--set', 'display_name.first=x'], {
      env: emulator.env(),
    })
    expect(badSet.code).toBe(2)
    expect(badSet.json).toEqual({
      error: {
        code: 'invalid_input',
        message: 'display_name.first: display_name is a string, not an object',
        hint: 'see the data to change with: skctl emulator trigger organization.updated --json',
      },
    })

    // Something answers at the environment URL, but not an emulator: a real environment, as far as skctl knows.
    const other = http.createServer((_request, response) => response.writeHead(404).end())
    other.listen(0, '127.0.0.1')
    await once(other, 'listening')
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`
      const real = await run(['emulator', 'trigger', 'organization.created'], {
        env: emulator.env({SCALEKIT_ENVIRONMENT_URL: url}),
      })
      expect(real.code).toBe(2)
      expect(real.stderr).toContain(`Error: ${url} is not the skctl emulator`)
      expect(real.stderr).toContain("Hint: a real environment's webhooks are configured in its dashboard")
    } finally {
      other.close()
    }
  })
})
