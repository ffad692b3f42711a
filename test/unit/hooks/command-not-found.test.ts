import {describe, expect, it} from 'vitest'

import {distance} from '../../../src/hooks/command-not-found.js'

describe('distance', () => {
  it('is the edit distance between two command ids', () => {
    expect(distance('orgs:lst', 'orgs:list')).toBe(1)
    expect(distance('', 'abc')).toBe(3)
    expect(distance('same', 'same')).toBe(0)
    expect(distance('prfiles:use', 'profiles:use')).toBe(1)
  })
})
