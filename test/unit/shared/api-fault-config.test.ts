import {describe, expect, it} from 'vitest'

import {
  ApiFaultConfigError,
  methodMatcher,
  parseApiFaults,
  parseApiFaultsJson,
} from '../../../src/shared/api-fault-config.js'

const KNOWN = ['UserService/CreateUserAndMembership', 'UserService/ListUsers', 'OrganizationService/GetOrganization']

function problem(value: unknown, knownMethods?: string[]): string {
  try {
    parseApiFaults(value, knownMethods)
  } catch (error) {
    expect(error).toBeInstanceOf(ApiFaultConfigError)
    return (error as Error).message
  }
  throw new Error(`expected ${JSON.stringify(value)} to be refused`)
}

describe('parseApiFaults', () => {
  it('accepts every member and normalises the shorthand forms', () => {
    const config = parseApiFaults(
      {
        rateLimit: {perSecond: 2.5},
        fail: {fraction: 0.1},
        failAfterWrite: {fraction: 1, code: 'deadline_exceeded'},
        reset: {fraction: 0},
        latencyMs: 40,
        methods: ['UserService/*', 'OrganizationService/GetOrganization'],
        seed: 42,
      },
      KNOWN,
    )
    expect(config).toEqual({
      rateLimit: {perSecond: 2.5},
      fail: {fraction: 0.1, code: 'unavailable'},
      failAfterWrite: {fraction: 1, code: 'deadline_exceeded'},
      reset: {fraction: 0},
      latencyMs: {min: 40, max: 40},
      methods: ['UserService/*', 'OrganizationService/GetOrganization'],
      seed: 42,
    })
    expect(parseApiFaults({latencyMs: {min: 5, max: 20}})).toEqual({latencyMs: {min: 5, max: 20}})
    expect(parseApiFaults({})).toEqual({})
  })

  it('refuses unknown members by name, at the top and inside a member', () => {
    expect(problem({rateLimt: {perSecond: 1}})).toBe(
      'unknown member "rateLimt" (allowed: rateLimit, fail, failAfterWrite, reset, latencyMs, methods, seed)',
    )
    expect(problem({fail: {fraction: 1, status: 503}})).toBe(
      'unknown member "status" in fail (allowed: fraction, code)',
    )
  })

  it.each([
    [[], 'the configuration must be a JSON object'],
    [{rateLimit: {perSecond: 0}}, 'rateLimit.perSecond must be a number greater than 0'],
    [{rateLimit: {burst: 0.5, perSecond: 5}}, 'rateLimit.burst must be an integer of at least 1'],
    [{rateLimit: 5}, 'rateLimit must be a JSON object with perSecond'],
    [{fail: {fraction: 1.5}}, 'fail.fraction must be a number from 0 to 1'],
    [{fail: {fraction: 1, code: 'deadline_exceeded'}}, 'fail.code must be one of "unavailable", "internal"'],
    [{failAfterWrite: {fraction: '1'}}, 'failAfterWrite.fraction must be a number from 0 to 1'],
    [{reset: {}}, 'reset.fraction must be a number from 0 to 1'],
    [{latencyMs: -1}, 'latencyMs must be a whole number of milliseconds from 0 to 60000'],
    [{latencyMs: '10'}, 'latencyMs must be a number of milliseconds or {"min": N, "max": N}'],
    [{latencyMs: {min: 30, max: 10}}, 'latencyMs.min must not exceed latencyMs.max'],
    [{methods: []}, 'methods must be a non-empty list'],
    [{methods: ['CreateUser']}, 'methods: "CreateUser" must look like "Service/Method" or "Service/*"'],
    [{seed: -1}, 'seed must be an integer from 0 to 4294967295'],
  ])('refuses %j: %s', (value, message) => {
    expect(problem(value)).toContain(message)
  })

  it('refuses method patterns that match no RPC the emulator serves', () => {
    expect(problem({methods: ['UserService/CreateUser', 'RoleService/*']}, KNOWN)).toBe(
      'methods: "UserService/CreateUser", "RoleService/*" match no RPC of the emulator',
    )
  })

  it('lists every problem at once', () => {
    expect(problem({fail: {fraction: 2}, seed: 'x'}).split('; ')).toEqual([
      'fail.fraction must be a number from 0 to 1',
      'seed must be an integer from 0 to 4294967295',
    ])
  })

  it('parses JSON text and says when it is not JSON', () => {
    expect(parseApiFaultsJson('{"reset": {"fraction": 0.5}}')).toEqual({reset: {fraction: 0.5}})
    expect(() => parseApiFaultsJson('{bad')).toThrow(/^not valid JSON \(/)
  })
})

describe('methodMatcher', () => {
  it('matches exact names and whole services', () => {
    const selects = methodMatcher(['UserService/*', 'OrganizationService/GetOrganization'])
    expect(KNOWN.filter(selects)).toEqual(KNOWN)
    expect(selects('OrganizationService/ListOrganization')).toBe(false)
    expect(selects('UserServiceX/ListUsers')).toBe(false)
  })
})
