import {createHmac} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {cleanEnv, run, runJson} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {tempDir} from '../../helpers/tmp.js'
import {type ReceivedWebhook, startWebhookReceiver, type WebhookReceiver} from '../../helpers/webhook-receiver.js'

// Retries a few milliseconds apart keep the suite fast.
const emulator = useEmulator({webhookRetryBaseMs: 1})
const env = () => emulator.env()

interface Endpoint {
  createdAt: string
  description: string
  events: string[]
  id: string
  secret?: string
  url: string
}

interface Delivery {
  attempts: Array<{attempt: number; status?: number}>
  endpointId: string
  eventId: string
  eventType: string
  state: string
}

let app: WebhookReceiver
beforeAll(async () => {
  app = await startWebhookReceiver()
})
afterAll(async () => {
  await app?.close()
})

async function addEndpoint(...args: string[]): Promise<Endpoint & {secret: string}> {
  const {code, json, stderr} = await runJson<Endpoint & {secret: string}>(['emulator', 'webhooks', 'add', ...args], {
    env: env(),
  })
  expect({code, stderr}).toEqual({code: 0, stderr: ''})
  return json
}

describe('skctl emulator webhooks', () => {
  it('adds, lists, tests, shows deliveries of and removes endpoints', async () => {
    const filtered = await addEndpoint(app.url, '--description', 'tests only', '--event', 'emulator.test')
    expect(filtered).toEqual({
      id: expect.stringMatching(/^whe_\d{17}$/),
      url: app.url,
      description: 'tests only',
      events: ['emulator.test'],
      createdAt: expect.any(String),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    })
    // The human form shows the secret too: it exists to show it, once.
    const human = await run(['emulator', 'webhooks', 'add', app.url], {env: env()})
    expect(human.code).toBe(0)
    const everything = /^id\s+(whe_\d+)$/m.exec(human.stdout)?.[1]
    expect(everything).toBeDefined()
    expect(human.stdout).toMatch(/^secret\s+whsec_[A-Za-z0-9+/]{43}=$/m)
    expect(human.stderr).toMatch(/not shown again/)

    const listed = await runJson<{endpoints: Endpoint[]}>(['emulator', 'webhooks', 'list'], {env: env()})
    expect(listed.json.endpoints.map(({id, events, secret}) => ({id, events, secret}))).toEqual([
      {id: filtered.id, events: ['emulator.test'], secret: undefined},
      {id: everything, events: [], secret: undefined},
    ])
    const table = await run(['emulator', 'webhooks', 'list'], {env: env()})
    expect(table.stdout).toMatch(new RegExp(`^${filtered.id}\\s+${app.url}\\s+emulator\\.test\\s+tests only`, 'm'))
    expect(table.stdout).not.toMatch(/whsec_/)

    const sent = await runJson<{endpoints: string[]; event: {type: string}}>(['emulator', 'webhooks', 'test'], {
      env: env(),
    })
    expect(sent.code).toBe(0)
    expect(sent.json.event.type).toBe('emulator.test')
    expect(sent.json.endpoints.sort()).toEqual([filtered.id, everything].sort())

    const deliveries = await runJson<{deliveries: Delivery[]; truncated: boolean}>(
      ['emulator', 'webhooks', 'deliveries', '--wait'],
      {env: env()},
    )
    expect(deliveries.json.truncated).toBe(false)
    expect(
      deliveries.json.deliveries.map((d) => ({endpoint: d.endpointId, state: d.state, statuses: d.attempts})),
    ).toEqual(
      expect.arrayContaining(
        [filtered.id, everything].map((endpoint) => ({
          endpoint,
          state: 'delivered',
          statuses: [expect.objectContaining({attempt: 1, status: 200})],
        })),
      ),
    )
    const rows = await run(['emulator', 'webhooks', 'deliveries', '--endpoint', filtered.id], {env: env()})
    expect(rows.stdout).toMatch(/TIME\s+EVENT\s+ENDPOINT\s+ATTEMPTS\s+LAST STATUS\s+STATE/)
    expect(rows.stdout).toMatch(new RegExp(`emulator\\.test\\s+${filtered.id}\\s+1\\s+200\\s+delivered`))
    expect(rows.stdout).not.toContain(everything)

    const removed = await runJson(['emulator', 'webhooks', 'remove', filtered.id, '--yes'], {env: env()})
    expect(removed).toMatchObject({code: 0, json: {id: filtered.id, removed: true}})
    const after = await runJson<{endpoints: Endpoint[]}>(['emulator', 'webhooks', 'list'], {env: env()})
    expect(after.json.endpoints.map((e) => e.id)).toEqual([everything])
    const again = await runJson<{error: {code: string}}>(['emulator', 'webhooks', 'remove', filtered.id, '--yes'], {
      env: env(),
    })
    expect({code: again.code, error: again.json.error.code}).toEqual({code: 4, error: 'not_found'})
  })

  it('refuses bad input, unconfirmed removal and a missing emulator', async () => {
    const [badUrl, badEvent, unconfirmed, noEmulator] = await Promise.all([
      run(['emulator', 'webhooks', 'add', 'ftp://files.example.com/in'], {env: env()}),
      run(['emulator', 'webhooks', 'add', app.url, '--event', 'not a type'], {env: env()}),
      run(['emulator', 'webhooks', 'remove', 'whe_10000000000000001'], {env: env()}),
      run(['emulator', 'webhooks', 'list'], {env: cleanEnv()}),
    ])
    expect(badUrl.code).toBe(2)
    expect(badUrl.stderr).toMatch(/not an absolute http or https URL/)
    expect(badEvent.code).toBe(2)
    expect(unconfirmed.code).toBe(2)
    expect(unconfirmed.stderr).toMatch(/--yes/)
    expect(noEmulator.code).toBe(4)
    expect(noEmulator.stderr).toMatch(/no emulator is running/)
  })
})

describe('skctl webhooks verify', () => {
  let secret: string
  let capture: ReceivedWebhook
  const dir = () => tempDir('skctl-webhook-capture-')

  beforeAll(async () => {
    const receiver = await startWebhookReceiver()
    try {
      secret = (await addEndpoint(receiver.url, '--event', 'organization.directory.user_created')).secret
      const data = JSON.stringify({id: 'diruser_10000000000000077', email: 'ünïcode@example.com'})
      const sent = await run(
        ['emulator', 'webhooks', 'test', '--type', 'organization.directory.user_created', '--data', data],
        {env: env()},
      )
      expect(sent.code).toBe(0)
      capture = (await receiver.waitFor(1))[0]!
    } finally {
      await receiver.close()
    }
  })

  /** Writes a capture as files, runs verify with the secret on stdin. */
  function verify(options: {headers: string; body?: string; secret?: string; json?: boolean}) {
    const folder = dir()
    writeFileSync(join(folder, 'headers'), options.headers)
    writeFileSync(join(folder, 'body'), options.body ?? capture.body)
    const args = ['webhooks', 'verify', '--secret-stdin', '--headers', join(folder, 'headers')]
    args.push('--body', join(folder, 'body'), '--verbose')
    const runOptions = {env: cleanEnv(), input: options.secret ?? secret}
    return options.json ? runJson<Record<string, unknown>>(args, runOptions) : run(args, runOptions)
  }

  it('accepts a fresh delivery with headers as JSON or as raw lines, and never prints the secret', async () => {
    const eventId = (JSON.parse(capture.body) as {id: string}).id
    const [json, lines] = await Promise.all([
      verify({headers: JSON.stringify(capture.headers), json: true}),
      verify({headers: `POST /webhooks HTTP/1.1\n${capture.rawHeaders}\n`}),
    ])
    expect(json.code).toBe(0)
    expect('json' in json && json.json).toEqual({
      eventId,
      eventType: 'organization.directory.user_created',
      signedAt: expect.any(String),
      valid: true,
      webhookId: eventId,
    })
    expect(lines.code).toBe(0)
    expect(lines.stdout).toContain(`Valid signature: organization.directory.user_created ${eventId}`)
    for (const output of [json, lines]) expect(output.stdout + output.stderr).not.toContain(secret)
  })

  it('fails the check (exit 6) with the SDK reason for a tampered body, a missing header or a stale capture', async () => {
    const {'webhook-signature': _dropped, ...unsigned} = capture.headers
    const staleTime = Math.floor(Date.now() / 1000) - 600
    const key = Buffer.from(secret.slice('whsec_'.length), 'base64')
    const staleSignature = createHmac('sha256', key)
      .update(`${capture.headers['webhook-id']}.${staleTime}.${capture.body}`)
      .digest('base64')
    const stale = {
      ...capture.headers,
      'webhook-timestamp': String(staleTime),
      'webhook-signature': `v1,${staleSignature}`,
    }

    const [tampered, missing, old, wrongSecret] = await Promise.all([
      verify({headers: JSON.stringify(capture.headers), body: capture.body.replace('ünïcode', 'unicode')}),
      verify({headers: JSON.stringify(unsigned)}),
      verify({headers: JSON.stringify(stale)}),
      verify({headers: JSON.stringify(capture.headers), secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`}),
    ])
    expect(tampered.code).toBe(6)
    expect(tampered.stderr).toMatch(/does not verify: Invalid Signature/)
    expect(missing.code).toBe(6)
    expect(missing.stderr).toMatch(/Missing required headers/)
    expect(old.code).toBe(6)
    expect(old.stderr).toMatch(/Message timestamp too old[\s\S]*within 5 minutes/)
    expect(wrongSecret.code).toBe(6)
    for (const output of [tampered, missing, old]) expect(output.stdout + output.stderr).not.toContain(secret)
  })

  it('refuses bad usage and unreadable input with exit 2', async () => {
    const folder = dir()
    writeFileSync(join(folder, 'body'), capture.body)
    writeFileSync(join(folder, 'headers'), 'this is not a header line\n')
    const [noStdinFlag, badHeaders, missingFile] = await Promise.all([
      run(['webhooks', 'verify', '--headers', join(folder, 'headers'), '--body', join(folder, 'body')], {
        env: cleanEnv(),
      }),
      run(
        ['webhooks', 'verify', '--secret-stdin', '--headers', join(folder, 'headers'), '--body', join(folder, 'body')],
        {
          env: cleanEnv(),
          input: secret,
        },
      ),
      run(['webhooks', 'verify', '--secret-stdin', '--headers', join(folder, 'nope'), '--body', join(folder, 'body')], {
        env: cleanEnv(),
        input: secret,
      }),
    ])
    expect(noStdinFlag.code).toBe(2)
    expect(noStdinFlag.stderr).toMatch(/secret-stdin/)
    expect(badHeaders.code).toBe(2)
    expect(badHeaders.stderr).toMatch(/line 1 of .* is not a "Name: value" header line/)
    expect(missingFile.code).toBe(2)
    expect(missingFile.stderr).toMatch(/cannot read .*nope: ENOENT/)
  })
})
