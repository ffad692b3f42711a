import {describe, expect, it} from 'vitest'

import {viewSize} from '../../../src/output/directory-push.js'
import {count, inflect} from '../../../src/output/plural.js'

describe('count', () => {
  it('uses the singular for exactly one, the plural otherwise', () => {
    expect(count(1, 'problem')).toBe('1 problem')
    expect(count(0, 'problem')).toBe('0 problems')
    expect(count(2, 'problem')).toBe('2 problems')
    expect(count(12_000, 'row')).toBe('12,000 rows')
  })

  it('takes an irregular plural', () =>
    expect([count(1, 'entry', 'entries'), count(3, 'entry', 'entries')]).toEqual(['1 entry', '3 entries']))
})

describe('inflect', () => {
  it('makes a verb agree with its count', () => {
    expect(`1 of 2 organizations ${inflect(1, 'has', 'have')} findings`).toBe('1 of 2 organizations has findings')
    expect(`2 of 2 organizations ${inflect(2, 'has', 'have')} findings`).toBe('2 of 2 organizations have findings')
  })
})

describe('messages that count', () => {
  it('a directory view says "1 user and 2 groups"', () => {
    const view = {groups: [{}, {}], source: 'scim', users: [{}]} as unknown as Parameters<typeof viewSize>[0]
    expect(viewSize(view)).toBe('1 user and 2 groups')
  })
})
