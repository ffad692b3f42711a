import {ESLint} from 'eslint'
import {describe, expect, it} from 'vitest'

// The lint rule that keeps one door between the CLI and the emulator, tried on imports a change could add.

const eslint = new ESLint({cwd: process.cwd()})

async function refused(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, {filePath: file})
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax')
    .map((m) => m.message)
}

describe('one door between the CLI and the emulator', () => {
  it('lets the CLI import the emulator only through its public entry, statically or dynamically', async () => {
    const code = [
      "import {DEFAULT_PORT} from '../../emulator/index.js'",
      "import {parseApiFaultsJson} from '../../shared/api-fault-config.js'",
      "import {startEmulator} from '../../emulator/server.js'",
      "export type {Store} from '../../emulator/store/store.js'",
      "export const later = [DEFAULT_PORT, parseApiFaultsJson, startEmulator, import('../../emulator/main.js')]",
    ].join('\n')
    const messages = await refused('src/commands/emulator/probe.ts', code)
    expect(messages).toHaveLength(3)
    for (const message of messages) expect(message).toMatch(/only through its public entry/)
  })

  it('keeps CLI code out of the emulator and both out of src/shared', async () => {
    expect(
      await refused(
        'src/emulator/store/probe.ts',
        "import {CliError} from '../../errors.js'\nimport {text} from '../../shared/scim.js'\nimport {x} from '../defaults.js'\nexport const y = [CliError, text, x]",
      ),
    ).toEqual([expect.stringMatching(/never imports CLI code/)])
    expect(
      await refused(
        'src/shared/probe.ts',
        "import {DEFAULT_PORT} from '../emulator/index.js'\nexport const y = DEFAULT_PORT",
      ),
    ).toEqual([expect.stringMatching(/imports neither/)])
  })
})
