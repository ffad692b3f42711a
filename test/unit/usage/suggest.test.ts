import {describe, expect, it} from 'vitest'

import {closestCommand, closestFlag, type FlagInfo, guessFlag} from '../../../src/usage/suggest.js'

const ids = ['orgs:create', 'orgs:list', 'orgs:get', 'profiles:use', 'directories:simulate:push', 'users:create']

describe('closestCommand', () => {
  it('finds the command meant by a misspelling', () => {
    expect(closestCommand(['orgs', 'lst'], ids)).toBe('orgs:list')
    expect(closestCommand(['prfiles', 'use'], ids)).toBe('profiles:use')
    expect(closestCommand(['directories', 'simulate', 'psh'], ids)).toBe('directories:simulate:push')
  })

  it('does not count the values typed after the command against it', () => {
    expect(closestCommand(['orgs', 'creat', 'Beta Inc'], ids)).toBe('orgs:create')
  })

  it('suggests nothing for words far from every command', () => {
    expect(closestCommand(['deploy'], ids)).toBeUndefined()
    expect(closestCommand(['kubernetes', 'apply'], ids)).toBeUndefined()
  })
})

describe('closestFlag', () => {
  it('finds a misspelt flag, or nothing', () => {
    expect(closestFlag('lmit', ['limit', 'all', 'json'])).toBe('limit')
    expect(closestFlag('lmit', ['json'])).toBeUndefined()
  })
})

describe('guessFlag', () => {
  const flags: FlagInfo[] = [
    {name: 'org', required: true, type: 'option'},
    {name: 'email', required: true, type: 'option'},
    {name: 'redirect-uri', type: 'option'},
    {name: 'invite', type: 'boolean'},
    {helpGroup: 'GLOBAL', name: 'profile', type: 'option'},
  ]
  const none = new Set<string>()

  it('matches an email to --email and a URL to a URL flag', () => {
    expect(guessFlag('jane@acme.com', flags, none)).toBe('email')
    expect(guessFlag('http://localhost:3000/callback', flags, none)).toBe('redirect-uri')
  })

  it('else takes the first required string flag not given yet', () => {
    expect(guessFlag('Beta Inc', flags, none)).toBe('org')
    expect(guessFlag('Beta Inc', flags, new Set(['org']))).toBe('email')
  })

  it('never guesses a boolean, a global or an already given flag', () => {
    expect(guessFlag('x', flags, new Set(['org', 'email']))).toBeUndefined()
    expect(guessFlag('jane@acme.com', [{name: 'invite', type: 'boolean'}], none)).toBeUndefined()
  })
})
