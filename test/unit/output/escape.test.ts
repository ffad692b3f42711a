import {Chalk} from 'chalk'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {escapeTerminal, safe, styled} from '../../../src/output/escape.js'
import {renderRecord, renderTable} from '../../../src/output/table.js'

// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/
const BIDI = /[\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/
/** Strings rich in what a hostile name would hold: controls, C1, bidi, and ordinary text. */
const hostile = fc.string({
  unit: fc.oneof(
    fc.integer({max: 0x1f, min: 0}).map((c) => String.fromCharCode(c)),
    fc.integer({max: 0x9f, min: 0x7f}).map((c) => String.fromCharCode(c)),
    fc.constantFrom('\u202e', '\u2066', '\u200f', '\u2028', '\u001b]8;;', '\u001b[2J', '\u009b31m'),
    fc.string({maxLength: 3}),
  ),
})

describe('escapeTerminal', () => {
  it('leaves no control character and no bidi control in one-line text', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = escapeTerminal(text)
        expect(out).not.toMatch(CONTROL)
        expect(out).not.toMatch(BIDI)
      }),
    )
  })

  it('keeps newlines, tabs and CRLF in multiline text and nothing else', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = escapeTerminal(text, {multiline: true})
        expect(out.replaceAll('\r\n', '').replaceAll('\n', '').replaceAll('\t', '')).not.toMatch(CONTROL)
        expect(out).not.toMatch(BIDI)
        expect(out.split('\n')).toHaveLength(text.split('\n').length)
      }),
    )
  })

  it('shows what it escaped, so nothing is silently dropped', () => {
    expect(escapeTerminal('Eve\u001b]0;PWNED\u0007')).toBe(String.raw`Eve\u001b]0;PWNED\u0007`)
    expect(escapeTerminal('a\u009b2Jb\u007f')).toBe(String.raw`a\u009b2Jb\u007f`)
    expect(escapeTerminal('evil\u202etxt.exe')).toBe(String.raw`evil\u202etxt.exe`)
    expect(escapeTerminal('two\nlines\r')).toBe(String.raw`two\u000alines\u000d`)
    expect(escapeTerminal('two\r\nlines\rover', {multiline: true})).toBe('two\r\nlines\\u000dover')
  })

  it('changes nothing in ordinary text, accents and emoji included', () => {
    fc.assert(
      fc.property(fc.string({unit: 'grapheme'}), (text) => {
        fc.pre(!CONTROL.test(text) && !BIDI.test(text))
        expect(escapeTerminal(text)).toBe(text)
      }),
    )
    expect(escapeTerminal('Zoë Müller — 東京 🚀')).toBe('Zoë Müller — 東京 🚀')
  })
})

describe('safe', () => {
  it('escapes the interpolated data, not the text around it', () => {
    expect(safe`Created organization ${'org\u001b[2J'}.`).toBe(String.raw`Created organization org\u001b[2J.`)
    expect(safe`${1} of ${undefined}`).toBe('1 of ')
  })

  it('lets styled text of our own through', () => {
    const chalk = new Chalk({level: 1})
    expect(safe`${styled(chalk.red('FAIL'))} ${'\u0007'}`).toBe(`${chalk.red('FAIL')} \\u0007`)
  })
})

describe('tables and records', () => {
  const chalk = new Chalk({level: 1})

  it('escape every cell, keep styled cells and our header colour', () => {
    const table = renderTable(
      [{name: 'Eve\u001b]8;;http://evil.example\u0007'}],
      [
        {header: 'NAME', value: (r) => r.name},
        {header: 'RESULT', value: () => styled(chalk.green('pass'))},
      ],
      chalk,
    )
    expect(table).toContain(String.raw`Eve\u001b]8;;http://evil.example\u0007`)
    expect(table).toContain(chalk.green('pass'))
    expect(table).toContain(chalk.bold('NAME'))
    expect(table).not.toContain('\u0007')
  })

  it('escape record values, a newline too, so a value cannot forge another line', () => {
    const record = renderRecord(
      [
        ['name', 'Eve\nadmin  yes'],
        ['count', 3],
      ],
      new Chalk({level: 0}),
    )
    expect(record.split('\n')).toEqual([String.raw`name   Eve\u000aadmin  yes`, 'count  3'])
  })
})
