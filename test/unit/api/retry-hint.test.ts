import {create, toBinary} from '@bufbuild/protobuf'
import {durationFromMs} from '@bufbuild/protobuf/wkt'
import {Code, ConnectError} from '@connectrpc/connect'
import {ScalekitServerException} from '@scalekit-sdk/node'
import {AxiosError, AxiosHeaders, type AxiosResponse} from 'axios'
import {describe, expect, it} from 'vitest'

import {normaliseError} from '../../../src/api/errors.js'
import {retryDelayMs} from '../../../src/api/retry-hint.js'
import {RetryInfoSchema} from '../../../src/emulator/rpc/retry-info.js'

const NOW = Date.UTC(2030, 0, 1, 12, 0, 0)

/** What the SDK throws for a gRPC error: only the message and ErrorInfo details survive. */
const fromGrpc = (code: Code, message: string) => ScalekitServerException.promote(new ConnectError(message, code))

/** What the SDK throws for an HTTP error response (its axios path keeps status, statusText and the body). */
const fromHttp = (status: number, data: unknown) =>
  ScalekitServerException.promote({status, statusText: 'Too Many Requests', data} as never)

function axios429(headers: Record<string, string>, data: unknown = {}): AxiosError {
  const response = {data, status: 429, statusText: 'Too Many Requests', headers: new AxiosHeaders(headers)}
  return new AxiosError('Request failed', 'ERR_BAD_REQUEST', undefined, undefined, response as AxiosResponse)
}

describe('retryDelayMs', () => {
  it('reads the delay the emulator puts in a RESOURCE_EXHAUSTED message, the one place the SDK keeps', () => {
    const error = fromGrpc(
      Code.ResourceExhausted,
      'rate limit exceeded (2/s) calling UserService/ListUsers; retry after 250ms',
    )
    expect(error.name).toBe('ScalekitTooManyRequestsException')
    expect(retryDelayMs(error)).toBe(250)
    expect(retryDelayMs(fromGrpc(Code.ResourceExhausted, 'slow down; retry after 1.5 s'))).toBe(1500)
  })

  it('looks through a CliError to the SDK error it wraps', () => {
    const sdkError = fromGrpc(Code.ResourceExhausted, 'quota; retry after 800ms')
    expect(retryDelayMs(normaliseError(sdkError, 'https://acme.scalekit.dev'))).toBe(800)
  })

  it('decodes a google.rpc.RetryInfo detail of a raw ConnectError', () => {
    const value = toBinary(RetryInfoSchema, create(RetryInfoSchema, {retryDelay: durationFromMs(1250)}))
    // As parsed from the wire: incoming details stay binary.
    const error = new ConnectError('slow down', Code.ResourceExhausted)
    error.details.push({type: 'google.rpc.RetryInfo', value})
    expect(retryDelayMs(error)).toBe(1250)
  })

  it('reads Retry-After in seconds from an HTTP error response', () => {
    expect(retryDelayMs(axios429({'Retry-After': '3'}), NOW)).toBe(3000)
    expect(retryDelayMs({status: 429, headers: {'retry-after': '2'}}, NOW)).toBe(2000)
    expect(retryDelayMs(new Response('', {status: 429, headers: {'retry-after': '7'}}), NOW)).toBe(7000)
  })

  it('reads Retry-After as an HTTP-date, and a date already past as no wait', () => {
    const later = new Date(NOW + 5000).toUTCString()
    expect(retryDelayMs({headers: {'retry-after': later}}, NOW)).toBe(5000)
    expect(retryDelayMs({headers: {'retry-after': new Date(NOW - 60_000).toUTCString()}}, NOW)).toBe(0)
  })

  it('reads X-RateLimit-Reset as epoch seconds or as seconds from now', () => {
    expect(retryDelayMs({headers: {'x-ratelimit-reset': String(NOW / 1000 + 4)}}, NOW)).toBe(4000)
    expect(retryDelayMs({headers: {'x-ratelimit-reset': '6'}}, NOW)).toBe(6000)
  })

  it('reads RetryInfo or retry_after from a google.rpc.Status body, as the SDK keeps it in errDetails', () => {
    const body = {
      code: 8,
      message: 'rate limited',
      details: [
        {'@type': 'type.googleapis.com/scalekit.v1.errdetails.ErrorInfo', error_code: 'RESOURCE_EXHAUSTED'},
        {'@type': 'type.googleapis.com/google.rpc.RetryInfo', retry_delay: '0.972s'},
      ],
    }
    expect(retryDelayMs(fromHttp(429, body))).toBe(972)
    expect(retryDelayMs(axios429({}, {details: [{retry_after: 2}]}), NOW)).toBe(2000)
    expect(retryDelayMs({status: 429, body: {retry_after: '1.5'}}, NOW)).toBe(1500)
  })

  it('names no delay when the error carries none', () => {
    expect(retryDelayMs(fromGrpc(Code.ResourceExhausted, 'slow down'))).toBeUndefined()
    expect(retryDelayMs(fromGrpc(Code.NotFound, 'organization org_1 not found'))).toBeUndefined()
    expect(retryDelayMs(axios429({'retry-after': 'soon'}), NOW)).toBeUndefined()
    expect(retryDelayMs(new Error('boom'))).toBeUndefined()
    expect(retryDelayMs(null)).toBeUndefined()
    expect(retryDelayMs('retry after 5s')).toBeUndefined()
  })
})
