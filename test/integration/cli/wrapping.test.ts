import {fileURLToPath} from 'node:url'
import {stripVTControlCharacters} from 'node:util'

import {Config, Help} from '@oclif/core'
import {describe, expect, it} from 'vitest'

import {useEmulator} from '../../helpers/emulator.js'
import {runOnTerminal} from '../../helpers/tty.js'

const emulator = useEmulator()
const root = fileURLToPath(new URL('../../..', import.meta.url))

/** oclif's own help renderer, with the command help it prints for `--help`. */
class CommandHelpText extends Help {
  text(command: Parameters<Help['formatCommand']>[0]): string {
    return this.formatCommand(command)
  }
}

/** The screen's lines as a person reads them. */
const lines = (screen: string) => stripVTControlCharacters(screen).replaceAll('\r', '').split('\n')

/** Every whitespace-separated word of `text` is somewhere on the screen in one piece. */
function expectWhole(screenText: string, text: string) {
  const words = new Set(screenText.split(/\s+/))
  for (const word of text.split(/\s+/).filter(Boolean)) expect(words, `"${word}" was split`).toContain(word)
}

describe('tables on a 160-column terminal', () => {
  it('fit the width and wrap the FIX column between words', async () => {
    const urls = [
      'http://app.example.com/callback',
      'https://*.example.com/cb',
      'https://app.example.com/cb#frag',
      'http://localhost:3000/callback',
    ]
    const {code, screen} = await runOnTerminal(
      ['redirects', 'check', '--kind', 'production', ...urls, '--no-color'],
      emulator.env(),
      [],
      {cols: 160},
    )
    expect(code).toBe(6)
    const shown = lines(screen)
    for (const line of shown) expect(line.length).toBeLessThanOrEqual(160)
    // The longest fix sentence needs more room than is left: it wraps onto a second line, between words.
    const fix = 'register your public https URL here; keep localhost URLs in the development environment'
    expect(shown.some((line) => line.trimEnd().endsWith(fix))).toBe(false)
    expectWhole(shown.join('\n'), fix)
    for (const url of urls) expectWhole(shown.join('\n'), url)
  })
})

describe('help on narrow and wide terminals', () => {
  // In-process, from the command classes: the committed manifest (which `--help` reads) is regenerated on release.
  it('never breaks a word of a flag description, for any command at 80 or 160 columns', async () => {
    const config = await Config.load({ignoreManifest: true, root})
    for (const maxWidth of [80, 160]) {
      const help = new CommandHelpText(config, {maxWidth, stripAnsi: true})
      for (const command of config.commands) {
        const loaded = await command.load()
        const text = help.text({...command, flags: loaded.flags ?? {}} as typeof command)
        for (const flag of Object.values(loaded.flags ?? {})) {
          if (flag.description) expectWhole(text, flag.description)
        }
      }
    }
  })
})
