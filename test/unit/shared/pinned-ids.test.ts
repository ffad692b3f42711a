import {readFileSync} from 'node:fs'
import {resolve} from 'node:path'
import {describe, expect, it} from 'vitest'

import {PINNED_ID_PATTERNS} from '../../../src/shared/pinned-ids.js'

// The environment file's schema checks pinned ids in files; the emulator checks the pins it is given directly
// (startEmulator, /_emulator/pinned-ids) with PINNED_ID_PATTERNS. Both must accept the same ids.
describe('pinned id patterns', () => {
  it('are the ones the environment file schema states', () => {
    const schema = readFileSync(resolve(import.meta.dirname, '../../../schema/env.schema.json'), 'utf8')
    const inSchema = [...schema.matchAll(/"pattern": "(\^(?:org|conn|dir|usr)_[^"]*)"/g)].map((m) => m[1])
    expect(inSchema.sort()).toEqual(
      Object.values(PINNED_ID_PATTERNS)
        .map((p) => p.source)
        .sort(),
    )
  })
})
