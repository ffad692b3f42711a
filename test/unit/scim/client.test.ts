import {describe, expect, it} from 'vitest'

import {ScimClient, ScimRequestError} from '../../../src/scim/client.js'

const ENDPOINT = 'https://scim.example.test/scim/v2'
const TOKEN = 'scim_token_for_tests'

interface Sent {
  url: string
  method: string
  headers: Record<string, string>
  body?: string
}

/** A client whose server answers from a script, one response per request, recording what was sent and waited. */
function scripted(...answers: Array<[number, unknown?, Record<string, string>?]>) {
  const sent: Sent[] = []
  const waits: number[] = []
  const client = new ScimClient({
    endpoint: ENDPOINT,
    token: TOKEN,
    random: () => 0,
    sleep: async (ms) => {
      waits.push(ms)
    },
    fetch: async (url, init) => {
      sent.push({
        url: String(url),
        method: init?.method ?? 'GET',
        headers: init?.headers as Record<string, string>,
        body: init?.body as string | undefined,
      })
      const [status, body, headers] = answers.shift() ?? [500]
      return new Response(body === undefined ? null : JSON.stringify(body), {status, headers})
    },
  })
  return {client, sent, waits}
}

const scimError = (status: number, detail: string, scimType?: string) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
  status: String(status),
  detail,
  ...(scimType ? {scimType} : {}),
})

describe('ScimClient', () => {
  it('sends SCIM media types and the bearer token', async () => {
    const {client, sent} = scripted([201, {id: 'u1'}])
    expect(await client.send('POST', '/Users', {userName: 'a'})).toEqual({id: 'u1'})
    expect(sent).toEqual([
      {
        url: `${ENDPOINT}/Users`,
        method: 'POST',
        headers: {
          accept: 'application/scim+json',
          authorization: `Bearer ${TOKEN}`,
          'content-type': 'application/scim+json',
        },
        body: '{"userName":"a"}',
      },
    ])
  })

  it('looks a user up with an escaped userName filter and picks the exact match', async () => {
    const {client, sent} = scripted([200, {Resources: [{userName: 'other'}, {userName: 'A"B', id: 'u2'}]}])
    expect(await client.findOne('Users', 'userName', 'a"b')).toEqual({userName: 'A"B', id: 'u2'})
    expect(decodeURIComponent(sent[0]!.url)).toBe(`${ENDPOINT}/Users?filter=userName eq "a\\"b"`)
  })

  it('lists page by page until totalResults', async () => {
    const {client, sent} = scripted(
      [200, {totalResults: 3, Resources: [{id: '1'}, {id: '2'}]}],
      [200, {totalResults: 3, Resources: [{id: '3'}]}],
    )
    expect(await client.listAll('Groups')).toEqual([{id: '1'}, {id: '2'}, {id: '3'}])
    expect(sent.map((s) => s.url.slice(ENDPOINT.length))).toEqual([
      '/Groups?startIndex=1&count=100',
      '/Groups?startIndex=3&count=100',
    ])
  })

  it('retries 429 and 5xx, waiting at least what Retry-After asks', async () => {
    const {client, sent, waits} = scripted([429, undefined, {'retry-after': '2'}], [503], [204])
    expect(await client.send('DELETE', '/Users/u1')).toBeUndefined()
    expect(sent).toHaveLength(3)
    expect(waits).toEqual([2000, 0])
  })

  it('gives up after six attempts and reports the last answer', async () => {
    const {client, sent} = scripted(
      ...Array.from({length: 6}, () => [500, scimError(500, 'boom')] as [number, unknown]),
    )
    await expect(client.send('GET', '/Users')).rejects.toMatchObject({status: 500, detail: 'boom'})
    expect(sent).toHaveLength(6)
  })

  it('turns a SCIM error into a ScimRequestError with its status, scimType and detail', async () => {
    const {client} = scripted([409, scimError(409, 'userName a is already taken', 'uniqueness')])
    const error = await client.send('POST', '/Users', {}).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ScimRequestError)
    expect(error).toMatchObject({status: 409, scimType: 'uniqueness', detail: 'userName a is already taken'})
    expect((error as Error).message).toBe('HTTP 409 uniqueness: userName a is already taken')
  })

  it('stops on a refused token (exit 3) without retrying', async () => {
    const {client, sent} = scripted([401, scimError(401, 'bad token')])
    await expect(client.send('GET', '/Users')).rejects.toMatchObject({code: 'auth_failed', exit: 3})
    expect(sent).toHaveLength(1)
    const forbidden = scripted([403, scimError(403, 'directory is disabled')])
    await expect(forbidden.client.send('GET', '/Users')).rejects.toMatchObject({
      exit: 3,
      message: expect.stringContaining('directory is disabled'),
    })
  })
})
