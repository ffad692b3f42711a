import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {beforeAll, describe, expect, it} from 'vitest'
import {startEmulator} from '../../../src/emulator/index.js'
import {
  passkeyOrigin,
  postAsPage,
  registerPasskey,
  signInForPasskeys,
  SoftwareAuthenticator,
} from '../../helpers/passkeys.js'
import {LOGIN_CALLBACK} from '../../helpers/sessions.js'
import {failure, sdk, useSdkEmulator} from './support.js'

const ctx = useSdkEmulator()
let origin: string

beforeAll(() => {
  origin = passkeyOrigin(ctx.emulator.url)
})

async function userId(email: string): Promise<string> {
  return (await ctx.client.user.searchUsers(email)).users[0]!.id
}

describe('the WebAuthn API over passkeys registered through the ceremony', () => {
  it('lists a user’s passkeys, renames and deletes them, per user', async () => {
    const cookie = await signInForPasskeys(ctx.emulator.url, ctx.seededOrg, 'grace@example.com')
    const authenticator = new SoftwareAuthenticator()
    const id = await registerPasskey(ctx.emulator.url, cookie, authenticator, 'Work laptop')
    const other = await signInForPasskeys(ctx.emulator.url, ctx.seededOrg, 'alan@example.com')
    await registerPasskey(ctx.emulator.url, other)
    const grace = await userId('grace@example.com')

    const listed = await ctx.client.webauthn.listCredentials(grace)
    expect(listed.credentials).toHaveLength(1)
    expect(listed.credentials[0]).toMatchObject({
      id,
      userId: grace,
      displayName: 'Work laptop',
      attestationType: 'none',
      transports: ['internal'],
      authenticator: {aaguid: '00000000-0000-0000-0000-000000000000', attachment: 'platform'},
      authenticatorFlags: {userPresent: true, userVerified: true},
    })
    expect(Buffer.from(listed.credentials[0]!.credentialId)).toEqual(authenticator.credentialId)
    expect(listed.allAcceptedCredentialsOptions).toMatchObject({
      rpId: 'localhost',
      userId: Buffer.from(grace).toString('base64url'),
      allAcceptedCredentialIds: [authenticator.id],
    })

    const renamed = await ctx.client.webauthn.updateCredential(id, 'Home laptop')
    expect(renamed.credential).toMatchObject({id, displayName: 'Home laptop'})
    const deleted = await ctx.client.webauthn.deleteCredential(id)
    expect(deleted).toMatchObject({
      success: true,
      unknownCredentialOptions: {rpId: 'localhost', credentialId: authenticator.id},
    })
    expect((await ctx.client.webauthn.listCredentials(grace)).credentials).toEqual([])
    expect((await ctx.client.webauthn.listCredentials(await userId('alan@example.com'))).credentials).toHaveLength(1)
  })

  it('validates: display name length, unknown credential and user are NOT_FOUND', async () => {
    const cookie = await signInForPasskeys(ctx.emulator.url, ctx.seededOrg, 'edsger@example.com')
    const id = await registerPasskey(ctx.emulator.url, cookie)
    const tooLong = await failure(ctx.client.webauthn.updateCredential(id, 'x'.repeat(121)))
    expect(tooLong).toMatchObject({errorCode: 'INVALID_ARGUMENT'})
    expect(tooLong.message).toMatch(/display_name/)
    expect((await ctx.client.webauthn.updateCredential(id, 'x'.repeat(120))).credential?.displayName).toHaveLength(120)
    expect(await failure(ctx.client.webauthn.updateCredential('wac_1', 'name'))).toMatchObject({errorCode: 'NOT_FOUND'})
    expect(await failure(ctx.client.webauthn.deleteCredential('wac_1'))).toMatchObject({errorCode: 'NOT_FOUND'})
    expect(await failure(ctx.client.webauthn.listCredentials('usr_1'))).toMatchObject({errorCode: 'NOT_FOUND'})
    // Deleting the user takes their passkeys with them.
    const user = await userId('edsger@example.com')
    await ctx.client.user.deleteUser(user)
    expect(await failure(ctx.client.webauthn.deleteCredential(id))).toMatchObject({errorCode: 'NOT_FOUND'})
  })
})

describe('the registration ceremony', () => {
  it('refuses a browser that is not signed in, a foreign origin, and an answer to another challenge', async () => {
    expect((await fetch(`${origin}/passkeys`)).status).toBe(401)
    expect((await postAsPage(origin, '/passkeys/registration/options', {})).status).toBe(401)
    const cookie = await signInForPasskeys(ctx.emulator.url, ctx.seededOrg, 'barbara@example.com')
    const foreign = await fetch(`${origin}/passkeys/registration/options`, {
      method: 'POST',
      headers: {'content-type': 'application/json', origin: 'http://evil.example', cookie},
      body: '{}',
    })
    expect(foreign.status).toBe(403)

    const options = await postAsPage(origin, '/passkeys/registration/options', {}, cookie)
    const authenticator = new SoftwareAuthenticator()
    const forged = authenticator.attest(
      {...(options.json as {rp: {id: string}; user: {id: string}}), challenge: 'b3RoZXI'},
      origin,
    )
    const refused = await postAsPage(origin, '/passkeys/registration', {response: forged}, cookie)
    expect(refused.status).toBe(400)
    expect(refused.json.error_description).toMatch(/challenge/i)
    // The challenge is used up by that answer: a replay of a genuine answer needs a new ceremony.
    const genuine = authenticator.attest(options.json as never, origin)
    expect((await postAsPage(origin, '/passkeys/registration', {response: genuine}, cookie)).json).toMatchObject({
      error_description: 'start the registration again',
    })
  })

  it('moves the page from 127.0.0.1 to localhost with a one-time ticket, and ends with the session', async () => {
    const cookie = await signInForPasskeys(ctx.emulator.url, ctx.seededOrg, 'frances@example.com')
    const moved = await fetch(`${ctx.emulator.url}/passkeys`, {headers: {cookie}, redirect: 'manual'})
    expect(moved.status).toBe(303)
    const target = new URL(moved.headers.get('location')!)
    expect(target.origin).toBe(origin)
    const exchanged = await fetch(target, {redirect: 'manual'})
    expect(exchanged.status).toBe(303)
    expect(exchanged.headers.get('set-cookie')).toMatch(
      /^skctl_signin=[\w-]+; Path=\/passkeys; .*HttpOnly; SameSite=Lax/,
    )
    expect((await fetch(target, {redirect: 'manual'})).status).toBe(400)

    const page = await fetch(`${origin}/passkeys`, {headers: {cookie}})
    expect(page.status).toBe(200)
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'sha256-[^']+'; connect-src 'self'/)
    expect(await page.text()).toContain('frances@example.com')

    const user = await userId('frances@example.com')
    const [session] = (await ctx.client.session.getUserSessions(user)).sessions
    await ctx.client.session.revokeSession(session!.sessionId)
    const after = await fetch(`${origin}/passkeys`, {headers: {cookie}})
    expect(after.status).toBe(401)
    expect(await after.text()).toContain('was revoked')
  })

  it('keeps registered passkeys across a restart with --data-dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'skctl-passkeys-'))
    try {
      const first = await startEmulator({port: 0, dataDir})
      let id: string
      let user: string
      try {
        const client = sdk(first.url)
        const org = (await client.organization.listOrganization()).organizations[0]!.id
        id = await registerPasskey(first.url, await signInForPasskeys(first.url, org, 'kathleen@example.com'))
        user = (await client.user.searchUsers('kathleen@example.com')).users[0]!.id
      } finally {
        await first.stop()
      }
      const second = await startEmulator({port: 0, dataDir})
      try {
        const listed = await sdk(second.url).webauthn.listCredentials(user)
        expect(listed.credentials.map((credential) => credential.id)).toEqual([id])
      } finally {
        await second.stop()
      }
    } finally {
      rmSync(dataDir, {recursive: true, force: true})
    }
  })

  it('signs in with a passkey: a code for its user; a cloned authenticator (stale counter) is refused', async () => {
    const authenticator = new SoftwareAuthenticator()
    await registerPasskey(
      ctx.emulator.url,
      await signInForPasskeys(ctx.emulator.url, ctx.seededOrg, 'ada.l@example.com'),
      authenticator,
    )
    const signIn = async (counter?: number) => {
      const authorize = ctx.client.getAuthorizationUrl(LOGIN_CALLBACK, {organizationId: ctx.seededOrg})
      const simulator = (await fetch(authorize, {redirect: 'manual'})).headers.get('location')!
      const path = `/passkeys/sign-in/${simulator.split('/').pop()}`
      const options = await postAsPage(origin, `${path}/options`, {})
      const assertion = authenticator.assert(options.json as {challenge: string; rpId: string}, origin, counter)
      return postAsPage(origin, path, {response: assertion})
    }
    const signedIn = await signIn()
    expect(signedIn.status).toBe(200)
    const code = new URL(signedIn.json.redirect as string).searchParams.get('code')!
    expect((await ctx.client.authenticateWithCode(code, LOGIN_CALLBACK)).user.email).toBe('ada.l@example.com')

    const cloned = await signIn(1)
    expect(cloned.status).toBe(400)
    expect(cloned.json.error_description).toMatch(/counter/i)
  })
})
