import {Code, ConnectError} from '@connectrpc/connect'
import {ScalekitServerException} from '@scalekit-sdk/node'
import {AxiosError, type AxiosResponse} from 'axios'
import {describe, expect, it} from 'vitest'

import {normaliseError, stripCodePrefix} from '../../../src/api/errors.js'
import {toCliError} from '../../../src/base-command.js'
import {CliError, ExitCode} from '../../../src/errors.js'

const URL = 'https://acme.scalekit.dev'
const fromGrpc = (code: Code, message: string) => ScalekitServerException.promote(new ConnectError(message, code))

function axiosError(status: number | undefined, data: unknown, code?: string): AxiosError {
  const response = status === undefined ? undefined : ({data, status, statusText: ''} as AxiosResponse)
  return new AxiosError('request failed', code, undefined, undefined, response)
}

describe('normaliseError → exit codes', () => {
  it.each([
    [Code.NotFound, 'organization org_1 not found', 'not_found', ExitCode.notFound],
    [Code.InvalidArgument, 'organization.display_name: must be at least 1 characters', 'invalid_input', ExitCode.usage],
    [Code.FailedPrecondition, 'precondition', 'invalid_input', ExitCode.usage],
    [Code.AlreadyExists, 'external id acme exists', 'already_exists', ExitCode.failure],
    [Code.Unauthenticated, 'token expired', 'auth_failed', ExitCode.auth],
    [Code.PermissionDenied, 'not allowed', 'auth_failed', ExitCode.auth],
    [Code.ResourceExhausted, 'slow down', 'rate_limited', ExitCode.failure],
    [Code.Internal, 'boom', 'api_error', ExitCode.failure],
    [Code.Unimplemented, 'HTTP 404', 'api_error', ExitCode.failure],
  ])('gRPC %s becomes %s (exit %s)', (code, message, expectedCode, exit) => {
    const error = normaliseError(fromGrpc(code, message), URL)
    expect(error).toMatchObject({code: expectedCode, exit})
    expect(error.message).toBe(message)
  })

  it('a connection reset, which the SDK reports as an ABORTED conflict, is a network failure', () => {
    const reset = fromGrpc(Code.Aborted, 'read ECONNRESET')
    expect(reset.name).toBe('ScalekitConflictException')
    expect(normaliseError(reset, URL)).toMatchObject({code: 'unreachable', message: `cannot reach ${URL} (ECONNRESET)`})
  })

  it('an unreachable host is reported as such, with a hint', () => {
    const error = normaliseError(fromGrpc(Code.Unavailable, 'connect ECONNREFUSED 127.0.0.1:9'), URL)
    expect(error).toMatchObject({code: 'unreachable', exit: ExitCode.failure})
    expect(error.message).toBe(`cannot reach ${URL} (ECONNREFUSED)`)
    expect(error.hint).toMatch(/emulator start/)
  })

  it('a rejected client secret at the token endpoint is an authentication failure', () => {
    const error = normaliseError(axiosError(401, {error: 'invalid_client'}), URL)
    expect(error).toMatchObject({code: 'auth_failed', exit: ExitCode.auth})
    expect(error.message).toMatch(/client id or client secret was rejected/)
    expect(error.hint).toMatch(/Scalekit dashboard/)
  })

  it.each(['http://127.0.0.1:8765', 'http://localhost:40123'])(
    'a rejected secret on the emulator (%s) points to skctl emulator status, not the dashboard',
    (url) => {
      const error = normaliseError(axiosError(401, {error: 'invalid_client'}), url)
      expect(error).toMatchObject({code: 'auth_failed', exit: ExitCode.auth})
      expect(error.hint).toMatch(/skctl emulator status/)
      expect(error.hint).not.toMatch(/dashboard/)
    },
  )

  it('an OAuth error about the request (a spent code) is not mistaken for bad credentials', () => {
    const error = normaliseError(axiosError(400, {error: 'invalid_grant', error_description: 'code already used'}), URL)
    expect(error).toMatchObject({code: 'api_error', exit: ExitCode.failure})
    expect(error.message).toBe('the token endpoint refused the request (invalid_grant: code already used)')
  })

  it('a token endpoint that cannot be reached is unreachable', () => {
    expect(normaliseError(axiosError(undefined, undefined, 'ENOTFOUND'), URL)).toMatchObject({
      code: 'unreachable',
      message: `cannot reach ${URL} (ENOTFOUND)`,
    })
  })

  it('a host that is not Scalekit (404 on /oauth/token) says so', () => {
    expect(normaliseError(axiosError(404, 'nope'), URL).message).toMatch(/does not look like a Scalekit environment/)
  })

  it('a TypeError for a malformed URL is invalid input', () => {
    expect(normaliseError(new TypeError('Invalid URL'), 'x')).toMatchObject({exit: ExitCode.usage})
  })

  it('passes a CliError through unchanged and wraps anything else as a runtime failure', () => {
    const original = new CliError('not_found', 'gone')
    expect(normaliseError(original, URL)).toBe(original)
    expect(normaliseError(new Error('weird'), URL)).toMatchObject({code: 'api_error', exit: 1, message: 'weird'})
  })

  it('strips connect\'s "[code] " prefix', () => {
    expect(stripCodePrefix('[not_found] organization org_1 not found')).toBe('organization org_1 not found')
  })
})

describe('toCliError (oclif errors)', () => {
  it('maps oclif parse errors (exit 2) to usage errors without the trailing help line', () => {
    const parse = Object.assign(new Error('Nonexistent flag: --nope\nSee more help with --help'), {oclif: {exit: 2}})
    expect(toCliError(parse)).toMatchObject({code: 'usage', exit: 2, message: 'Nonexistent flag: --nope'})
  })

  it('suggests the closest known flag for a misspelt one', () => {
    const parse = Object.assign(new Error('Nonexistent flag: --lmit\nSee more help with --help'), {oclif: {exit: 2}})
    const command = (...names: string[]) => ({
      args: [],
      flags: names.map((name) => ({name, type: 'option' as const})),
      name: 'skctl orgs list',
    })
    expect(toCliError(parse, command('limit', 'all', 'json')).hint).toBe('did you mean --limit?')
    expect(toCliError(parse, command('json')).hint).toBe('see --help for usage')
  })

  it('names the flag an unexpected argument was probably meant for', () => {
    const parse = Object.assign(new Error('Unexpected argument: Beta Inc\nSee more help with --help'), {
      args: ['Beta Inc'],
      oclif: {exit: 2},
      parse: {output: {flags: {json: true}}},
    })
    const command = {
      args: [],
      flags: [{name: 'name', required: true, type: 'option' as const}],
      name: 'skctl orgs create',
    }
    expect(toCliError(parse, command)).toMatchObject({
      exit: 2,
      hint: "did you mean --name 'Beta Inc'?",
      message: 'skctl orgs create takes no arguments, but was given "Beta Inc"',
    })
  })
})
