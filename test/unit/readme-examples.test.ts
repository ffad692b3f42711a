import {readdirSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {describe, expect, it} from 'vitest'

// The README's test-runner setups are the files under examples/ (both run in test/integration/package.test.ts):
// each file appears in the README whole, as one code block, so neither can change alone.

const ROOT = resolve(import.meta.dirname, '../..')
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')

describe('README "Testing your app against the emulator"', () => {
  for (const runner of ['vitest', 'jest']) {
    for (const file of readdirSync(join(ROOT, 'examples', runner))) {
      it(`shows examples/${runner}/${file} as it is`, () => {
        const text = readFileSync(join(ROOT, 'examples', runner, file), 'utf8')
        const language = file.endsWith('.ts') ? 'ts' : 'js'
        expect(readme).toContain(`\`${file}\`:\n\n\`\`\`${language}\n${text}\`\`\``)
      })
    }
  }
})
