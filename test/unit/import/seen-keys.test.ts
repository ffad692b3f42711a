import {describe, expect, it} from 'vitest'

import {SeenKeys} from '../../../src/import/seen-keys.js'

describe('SeenKeys', () => {
  it('adds a key once; adding it again reports a duplicate', () => {
    const keys = new SeenKeys()
    expect(keys.add('ann@example.com')).toBe(true)
    expect(keys.add('bob@example.com')).toBe(true)
    expect(keys.add('ann@example.com')).toBe(false)
    // Keys are compared exactly: normalising (trim, lower-case) is the caller's job.
    expect(keys.add('Ann@example.com')).toBe(true)
    expect(keys.add('')).toBe(true)
    expect(keys.add('')).toBe(false)
    expect(keys.size).toBe(4)
  })

  it('keeps its keys through many resizes: 200k distinct keys, then earlier ones are duplicates', () => {
    const keys = new SeenKeys()
    const count = 200_000
    let added = 0
    for (let i = 0; i < count; i++) if (keys.add(`user-${i}@example.com`)) added++
    expect(added).toBe(count)
    expect(keys.size).toBe(count)
    // Every 7th key, so keys added before each resize and after the last are all checked.
    let duplicates = 0
    for (let i = 0; i < count; i += 7) if (!keys.add(`user-${i}@example.com`)) duplicates++
    expect(duplicates).toBe(Math.ceil(count / 7))
    expect(keys.add(`user-${count - 1}@example.com`)).toBe(false)
    expect(keys.size).toBe(count)
    expect(keys.add(`user-${count}@example.com`)).toBe(true)
  })

  it('answers has() before any key was added, whatever size it expects', () => {
    expect(new SeenKeys().has('ann@example.com')).toBe(false)
    expect(new SeenKeys(1_000_000).has('ann@example.com')).toBe(false)
  })

  it('sized for fewer keys than it gets, or for more, it keeps every key exactly once', () => {
    for (const expected of [10, 50_000, 500_000]) {
      const keys = new SeenKeys(expected)
      let added = 0
      for (let i = 0; i < 50_000; i++) if (keys.add(`k${i}`)) added++
      expect(added).toBe(50_000)
      let duplicates = 0
      for (let i = 0; i < 50_000; i += 3) if (!keys.add(`k${i}`)) duplicates++
      expect(duplicates).toBe(Math.ceil(50_000 / 3))
      expect(keys.has('k49999')).toBe(true)
      expect(keys.has('k50000')).toBe(false)
      expect(keys.size).toBe(50_000)
    }
  })
})
