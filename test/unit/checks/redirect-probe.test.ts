import {describe, expect, it} from 'vitest'

import {probeRedirectUri} from '../../../src/checks/redirect-probe.js'
import {CliError} from '../../../src/errors.js'

const target = {clientId: 'skc_1', environmentUrl: 'https://acme.scalekit.dev', organizationId: 'org_1'}

/** A fetch that records what it was asked and answers with `status` and `body`. */
function answering(status: number, body = '') {
  const asked: Array<{init?: RequestInit; url: URL}> = []
  const fetchImpl = (async (url: URL, init?: RequestInit) => {
    asked.push({init, url})
    return new Response(body, {status, headers: status === 302 ? {location: 'https://idp.example/'} : {}})
  }) as typeof fetch
  return {asked, fetchImpl}
}

describe('probeRedirectUri', () => {
  it('asks /oauth/authorize with the client, the organization and the URI, following no redirect', async () => {
    const {asked, fetchImpl} = answering(302)
    expect(await probeRedirectUri(target, 'https://app.acmecorp.com/cb', fetchImpl)).toBe('registered')
    const [{init, url} = {} as never] = asked
    expect(url.origin + url.pathname).toBe('https://acme.scalekit.dev/oauth/authorize')
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'skc_1',
      organization_id: 'org_1',
      redirect_uri: 'https://app.acmecorp.com/cb',
      response_type: 'code',
      scope: 'openid',
    })
    expect(init?.redirect).toBe('manual')
  })

  it.each([
    [302, '', 'registered'],
    [303, '', 'registered'],
    [400, '<html><p>invalid_redirect_uri</p></html>', 'not-registered'],
    [400, '<html><p>invalid_client</p></html>', 'unknown'],
    [500, 'invalid_redirect_uri', 'unknown'],
    [200, '<html>login</html>', 'unknown'],
  ])('%i %j → %s', async (status, body, expected) => {
    expect(await probeRedirectUri(target, 'https://app.acmecorp.com/cb', answering(status, body).fetchImpl)).toBe(
      expected,
    )
  })

  it('an unreachable environment is a CliError naming the endpoint', async () => {
    const failing = (async () => {
      throw new TypeError('fetch failed')
    }) as typeof fetch
    const error = await probeRedirectUri(target, 'https://app.acmecorp.com/cb', failing).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect(error).toMatchObject({code: 'unreachable'})
    expect((error as CliError).message).toContain('https://acme.scalekit.dev/oauth/authorize')
  })
})
