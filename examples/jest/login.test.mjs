import {beforeEach, expect, test} from '@jest/globals'
import {ScalekitClient} from '@scalekit-sdk/node'
import {connectEmulator} from 'skctl/emulator'

const {SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET} = process.env
const scalekit = new ScalekitClient(SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET)
const emulator = connectEmulator()
const REDIRECT_URI = 'http://localhost:3000/auth/callback'

beforeEach(() => emulator.reset())

test('signs a user in through SSO without a browser', async () => {
  const authorizationUrl = scalekit.getAuthorizationUrl(REDIRECT_URI, {state: 'xyz', loginHint: 'ada@example.com'})
  const callback = new URL(await emulator.completeLogin({authorizationUrl, email: 'ada@example.com'}))
  const {user} = await scalekit.authenticateWithCode(callback.searchParams.get('code'), REDIRECT_URI)
  expect(user.email).toBe('ada@example.com')
})
