import {ScalekitClient} from '@scalekit-sdk/node'
import {TemplateType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/auth/passwordless_pb.js'
import {decodeJwt} from 'jose'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'
import {
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  connectEmulator,
  LoginFlowError,
  type RunningEmulator,
  startEmulator,
} from '../../../src/emulator/index.js'
import {SEED_IDS} from '../../../src/emulator/store/seed.js'
import {startWebhookReceiver, type WebhookReceiver} from '../../helpers/webhook-receiver.js'
import {pkce} from './sso-support.js'

// The handle app developers get from `skctl/emulator`: credentials, reset, outbox, deliveries, completeLogin.

const CALLBACK = 'http://localhost:3000/auth/callback'
let emulator: RunningEmulator
let scalekit: ScalekitClient
let receiver: WebhookReceiver

beforeAll(async () => {
  emulator = await startEmulator({clientSecret: 'app_test_secret', webhookRetryBaseMs: 5})
  scalekit = new ScalekitClient(emulator.url, emulator.clientId, emulator.clientSecret)
  receiver = await startWebhookReceiver()
})

/** The admin API with the emulator's client credentials. */
async function admin(method: string, path: string, body: unknown) {
  const basic = Buffer.from(`${emulator.clientId}:${emulator.clientSecret}`).toString('base64')
  const res = await fetch(`${emulator.url}${path}`, {
    method,
    headers: {authorization: `Basic ${basic}`},
    body: JSON.stringify(body),
  })
  expect(res.status).toBe(200)
  return (await res.json()) as unknown
}

afterAll(async () => {
  await emulator?.stop()
  await receiver?.close()
})

describe('startEmulator', () => {
  it('hands out its URL and credentials, also as the SCALEKIT_* variables', async () => {
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(emulator.clientId).toBe(DEFAULT_CLIENT_ID)
    expect(emulator.clientSecret).toBe('app_test_secret')
    expect(emulator.env).toEqual({
      SCALEKIT_ENVIRONMENT_URL: emulator.url,
      SCALEKIT_CLIENT_ID: DEFAULT_CLIENT_ID,
      SCALEKIT_CLIENT_SECRET: 'app_test_secret',
    })
    const {organizations} = await scalekit.organization.listOrganization()
    expect(organizations.map((org) => org.id)).toEqual([SEED_IDS.organization])
  })

  it('completes a login the app started with its own authorization URL, PKCE and state', async () => {
    const {verifier, challenge} = pkce()
    const authorizationUrl = scalekit.getAuthorizationUrl(CALLBACK, {
      state: 'app-state',
      organizationId: SEED_IDS.organization,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    })
    const callback = new URL(
      await emulator.completeLogin({
        authorizationUrl,
        email: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
      }),
    )
    expect(`${callback.origin}${callback.pathname}`).toBe(CALLBACK)
    expect(callback.searchParams.get('state')).toBe('app-state')
    const {user, idToken} = await scalekit.authenticateWithCode(callback.searchParams.get('code')!, CALLBACK, {
      codeVerifier: verifier,
    })
    expect(user).toMatchObject({email: 'ada@example.com', givenName: 'Ada', familyName: 'Lovelace'})
    expect(idToken).toBeTruthy()
  })

  it('builds the authorization URL itself from a redirect URI, and picks the connection by the email domain', async () => {
    const callback = new URL(
      await emulator.completeLogin({
        redirectUri: CALLBACK,
        email: 'grace@example.org',
        state: 's1',
        attributes: {employee_number: '42'},
      }),
    )
    expect(callback.searchParams.get('state')).toBe('s1')
    const {idToken} = await scalekit.authenticateWithCode(callback.searchParams.get('code')!, CALLBACK)
    expect(decodeJwt(idToken)).toMatchObject({email: 'grace@example.org', employee_number: '42'})
  })

  it("returns the IdP's error to the callback, and the emulator's refusals too", async () => {
    const failed = new URL(
      await emulator.completeLogin({
        redirectUri: CALLBACK,
        email: 'x@example.com',
        state: 's2',
        error: 'access_denied',
      }),
    )
    expect(Object.fromEntries(failed.searchParams)).toMatchObject({error: 'access_denied', state: 's2'})
    const unknownOrg = new URL(
      await emulator.completeLogin({redirectUri: CALLBACK, email: 'x@example.com', organizationId: 'org_404'}),
    )
    expect(unknownOrg.searchParams.get('error')).toBe('invalid_organization_id')
  })

  it('refuses what no browser could complete, saying why', async () => {
    const refused = emulator.completeLogin({redirectUri: 'https://app.example.com/callback', email: 'x@example.com'})
    await expect(refused).rejects.toThrow(LoginFlowError)
    await expect(refused).rejects.toThrow(/https:\/\/app\.example\.com\/callback is not an allowed redirect URI/)
    const badEmail = {redirectUri: CALLBACK, email: 'not-an-email', organizationId: SEED_IDS.organization}
    await expect(emulator.completeLogin(badEmail)).rejects.toThrow(/IdP simulator.*enter a valid email address/)
    await expect(
      emulator.completeLogin({authorizationUrl: 'https://auth.example.com/oauth/authorize', email: 'x@example.com'}),
    ).rejects.toThrow(/is not this emulator/)
  })

  it('shows the emails it would have sent and the webhook deliveries, and forgets them on reset', async () => {
    await scalekit.passwordless.sendPasswordlessEmail('lin@example.com', {template: TemplateType.SIGNIN, state: 'st'})
    const [email] = await emulator.outbox({to: 'LIN@example.com'})
    expect(email).toMatchObject({kind: 'passwordless', to: 'lin@example.com', state: 'st'})

    const endpoint = (await admin('POST', '/_emulator/webhooks', {url: receiver.url})) as {id: string}
    await admin('POST', '/_emulator/events', {type: 'organization.directory_enabled'})
    const deliveries = await emulator.deliveries({endpointId: endpoint.id, wait: 10_000})
    expect(deliveries).toMatchObject([{eventType: 'organization.directory_enabled', state: 'delivered'}])

    await emulator.reset()
    expect(await emulator.outbox()).toEqual([])
    expect(await emulator.deliveries()).toEqual([])
    const {organizations} = await scalekit.organization.listOrganization()
    expect(organizations.map((org) => org.displayName)).toEqual(['Test Organization'])
  })

  it('stops for good, and a second stop is harmless', async () => {
    const other = await startEmulator({clientSecret: DEFAULT_CLIENT_SECRET})
    await other.stop()
    await other.stop()
    await expect(fetch(`${other.url}/_emulator/health`)).rejects.toThrow()
  })
})

describe('connectEmulator', () => {
  it('reaches an emulator started elsewhere through its SCALEKIT_* variables and admin API', async () => {
    const remote = connectEmulator({...emulator.env, SCALEKIT_ENVIRONMENT_URL: `${emulator.url}/`})
    expect(remote.url).toBe(emulator.url)
    await scalekit.passwordless.sendPasswordlessEmail('remote@example.com', {template: TemplateType.SIGNIN})
    expect(await remote.outbox({to: 'remote@example.com'})).toMatchObject([{to: 'remote@example.com'}])
    const callback = new URL(await remote.completeLogin({redirectUri: CALLBACK, email: 'remote@example.com'}))
    expect(callback.searchParams.get('code')).toMatch(/^code_/)
    expect(await remote.deliveries({wait: 1000})).toEqual(await emulator.deliveries())
    await remote.reset()
    expect(await emulator.outbox()).toEqual([])
  })

  it('says what is missing, and what the emulator refused', async () => {
    expect(() => connectEmulator({SCALEKIT_ENVIRONMENT_URL: emulator.url})).toThrow(/SCALEKIT_CLIENT_ID/)
    const wrong = connectEmulator({...emulator.env, SCALEKIT_CLIENT_SECRET: 'wrong'})
    await expect(wrong.reset()).rejects.toThrow(/POST \/_emulator\/reset answered 401: use HTTP Basic/)
    await expect(connectEmulator(emulator.env).outbox({after: 'nope'})).rejects.toThrow(/after must be a message id/)
  })
})
