import {describe, expect, it} from 'vitest'

import {parseKeyValues} from '../../src/input.js'

describe('parseKeyValues', () => {
  it('parses repeated key=value pairs; values may contain "="', () => {
    expect(parseKeyValues(['plan=enterprise', 'q=a=b', 'empty='])).toEqual({empty: '', plan: 'enterprise', q: 'a=b'})
  })

  it('is undefined when nothing was given', () => {
    expect(parseKeyValues(undefined)).toBeUndefined()
    expect(parseKeyValues([])).toBeUndefined()
  })

  it.each(['plan', '=x', ' =x'])('rejects %j with exit 2', (item) => {
    expect(() => parseKeyValues([item])).toThrow(expect.objectContaining({exit: 2}))
  })
})
