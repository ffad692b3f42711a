import {ScalekitClient} from '@scalekit-sdk/node'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {run, start} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {startWebhookReceiver, type WebhookReceiver} from '../../helpers/webhook-receiver.js'

const emulator = useEmulator({webhookRetryBaseMs: 1})

let app: WebhookReceiver
beforeAll(async () => {
  // The app refuses the first delivery it sees, to show that its status reaches the emulator (which retries).
  app = await startWebhookReceiver((n) => (n === 1 ? 503 : 200))
})
afterAll(async () => {
  await app?.close()
})

const endpoints = async () => ((await emulator.admin('GET', '/_emulator/webhooks')) as {endpoints: unknown[]}).endpoints

describe('skctl emulator listen', () => {
  it('forwards signed deliveries to the app, prints each one, and removes its endpoint on Ctrl-C', async () => {
    const listen = start(
      ['emulator', 'listen', '--forward-to', app.url, '--events', 'organization.created', '--json'],
      emulator.env(),
    )
    const ready = JSON.parse((await listen.stdoutMatching(/\n/)).split('\n')[0]!) as Record<string, string>
    expect(ready).toEqual({
      endpoint: expect.stringMatching(/^whe_/),
      events: ['organization.created'],
      forwardTo: app.url,
      secret: expect.stringMatching(/^whsec_/),
    })
    expect(await endpoints()).toHaveLength(1)

    // Not subscribed: never forwarded.
    await emulator.admin('POST', '/_emulator/trigger', {type: 'user.login'})
    const {event} = (await emulator.admin('POST', '/_emulator/trigger', {type: 'organization.created'})) as {
      event: {id: string}
    }
    const printed = await listen.stdoutMatching(/"status":200/)
    const lines = printed
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => JSON.parse(line) as Record<string, unknown>)
    expect(lines).toEqual([
      {
        time: expect.any(String),
        type: 'organization.created',
        id: event.id,
        status: 503,
        latencyMs: expect.any(Number),
      },
      {
        time: expect.any(String),
        type: 'organization.created',
        id: event.id,
        status: 200,
        latencyMs: expect.any(Number),
      },
    ])
    const [, delivered] = await app.waitFor(2)
    const verifier = new ScalekitClient(emulator.url, 'skc_unused', 'unused')
    expect(verifier.verifyWebhookPayload(ready.secret!, delivered!.headers, delivered!.body)).toBe(true)
    expect(JSON.parse(delivered!.body)).toMatchObject({id: event.id, type: 'organization.created'})

    listen.child.kill('SIGINT')
    const {code} = await listen.exited
    expect(code).toBe(130)
    expect(await endpoints()).toEqual([])
  })

  it('prints deliveries for people and cleans up on SIGTERM too', async () => {
    const listen = start(['emulator', 'listen', '--forward-to', app.url], emulator.env())
    const banner = await listen.stderrMatching(/Ctrl-C to stop/)
    expect(banner).toMatch(/^Ready: forwarding every event to .* \(endpoint whe_\d+\)\.\n/)
    expect(banner).toMatch(/signing secret \(SCALEKIT_WEBHOOK_SECRET\): whsec_\S+\n/)
    const {event} = (await emulator.admin('POST', '/_emulator/trigger', {type: 'organization.updated'})) as {
      event: {id: string}
    }
    const printed = await listen.stdoutMatching(/ms\n/)
    expect(printed).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d  organization.updated  ${event.id}  → 200  \\d+ ms\\n$`))
    listen.child.kill('SIGTERM')
    expect((await listen.exited).code).toBe(130)
    expect(await endpoints()).toEqual([])
  })

  it('refuses an event type Scalekit does not send (exit 2), registering nothing', async () => {
    const {code, stderr} = await run(
      ['emulator', 'listen', '--forward-to', app.url, '--events', 'organization.created,organization.delete'],
      {env: emulator.env()},
    )
    expect(code).toBe(2)
    expect(stderr).toContain('Error: organization.delete is not an event type Scalekit sends')
    expect(stderr).toContain('Hint: did you mean organization.deleted?')
    expect(await endpoints()).toEqual([])
  })
})
