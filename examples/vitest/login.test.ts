import {ScalekitClient} from '@scalekit-sdk/node'
import {connectEmulator} from 'skctl/emulator'
import {beforeEach, expect, it} from 'vitest'

// Your app builds its Scalekit client from the environment; so does this test.
const {SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET} = process.env
const scalekit = new ScalekitClient(SCALEKIT_ENVIRONMENT_URL!, SCALEKIT_CLIENT_ID!, SCALEKIT_CLIENT_SECRET!)
// The emulator the global setup started, for what only a test does: reset it, read its outbox, sign users in.
const emulator = connectEmulator()

const REDIRECT_URI = 'http://localhost:3000/auth/callback'

beforeEach(() => emulator.reset())

it('starts with a test organization', async () => {
  const {organizations} = await scalekit.organization.listOrganization()
  expect(organizations.map((org) => org.displayName)).toEqual(['Test Organization'])
})

it('signs a user in through SSO without a browser', async () => {
  // What your login route does: send the user to Scalekit (the seeded organization owns example.com).
  const authorizationUrl = scalekit.getAuthorizationUrl(REDIRECT_URI, {state: 'xyz', loginHint: 'ada@example.com'})
  // What the user does on the identity provider's page.
  const callback = new URL(await emulator.completeLogin({authorizationUrl, email: 'ada@example.com', firstName: 'Ada'}))
  expect(callback.searchParams.get('state')).toBe('xyz')
  // What your callback route does with ?code=… (call your own handler here instead).
  const {user} = await scalekit.authenticateWithCode(callback.searchParams.get('code')!, REDIRECT_URI)
  expect(user).toMatchObject({email: 'ada@example.com', givenName: 'Ada'})
})

it('reads the passwordless email the app sent', async () => {
  await scalekit.passwordless.sendPasswordlessEmail('lin@example.com')
  const [email] = await emulator.outbox({to: 'lin@example.com'})
  expect(email?.kind === 'passwordless' && email.otp).toMatch(/^\d{6}$/)
})
