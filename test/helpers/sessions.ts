import {request} from 'node:http'

import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../src/emulator/defaults.js'

/** Where the simulated app's callback would be: any loopback URI is allowed by default. */
export const LOGIN_CALLBACK = 'http://127.0.0.1:53682/callback'

export interface FullStackLogin {
  accessToken: string
  idToken: string
  refreshToken: string
  sessionId: string
  userId: string
  /** The cookie (`name=value`) the simulator gave the browser: it signs the browser in to the passkeys page. */
  browserCookie: string
}

/**
 * A full-stack login (`offline_access`) through the IdP simulator as a browser would make it, then the code
 * exchange as the app's backend would. `userAgent` is what the browser sends (the session's device).
 */
export async function fullStackLogin(
  url: string,
  organizationId: string,
  email: string,
  userAgent = 'skctl-test-browser/1.0',
): Promise<FullStackLogin> {
  const authorize = new URL('/oauth/authorize', url)
  authorize.search = new URLSearchParams({
    client_id: DEFAULT_CLIENT_ID,
    organization_id: organizationId,
    redirect_uri: LOGIN_CALLBACK,
    response_type: 'code',
    scope: 'openid profile email offline_access',
  }).toString()
  const simulator = (await fetch(authorize, {redirect: 'manual'})).headers.get('location')
  if (!simulator?.startsWith('/sso/idp-simulator/')) throw new Error(`authorize went to ${simulator}`)
  // node:http rather than fetch: it sends a user agent with C1 control characters in it, as a hostile browser could.
  const {location: callback, cookie} = await postForm(new URL(simulator, url), {scenario: 'sp', email}, userAgent)
  const code = new URL(callback).searchParams.get('code')
  if (!code) throw new Error(`no code in ${callback}`)
  const token = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
      redirect_uri: LOGIN_CALLBACK,
      code,
    }),
  })
  const body = (await token.json()) as {access_token: string; id_token: string; refresh_token: string}
  const claims = JSON.parse(Buffer.from(body.access_token.split('.')[1]!, 'base64url').toString()) as {
    sid: string
    sub: string
  }
  return {
    accessToken: body.access_token,
    idToken: body.id_token,
    refreshToken: body.refresh_token,
    sessionId: claims.sid,
    userId: claims.sub,
    browserCookie: cookie,
  }
}

/** `grant_type=refresh_token` as the SDK's refreshAccessToken sends it; the raw answer. */
export async function refresh(
  url: string,
  refreshToken: string,
): Promise<{body: Record<string, unknown>; status: number}> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: DEFAULT_CLIENT_ID,
      client_secret: DEFAULT_CLIENT_SECRET,
      refresh_token: refreshToken,
    }),
  })
  return {body: (await response.json()) as Record<string, unknown>, status: response.status}
}

function postForm(
  url: URL,
  fields: Record<string, string>,
  userAgent: string,
): Promise<{location: string; cookie: string}> {
  const body = new URLSearchParams(fields).toString()
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent},
      },
      (res) => {
        res.resume()
        const location = res.headers.location
        const cookie = res.headers['set-cookie']?.[0]?.split(';')[0] ?? ''
        if (res.statusCode === 302 && location) resolve({location, cookie})
        else reject(new Error(`the simulator answered HTTP ${res.statusCode}`))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}
