import {execFileSync} from 'node:child_process'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {shellCommand, shellQuote} from '../../../src/output/shell-quote.js'

/** The argument list a real POSIX shell makes of a command line (each printed NUL-terminated). */
const shellReads = (line: string): string[] =>
  execFileSync('/bin/sh', ['-c', `printf '%s\\0' ${line}`], {encoding: 'utf8'})
    .split('\0')
    .slice(0, -1)

describe('shellQuote', () => {
  it('leaves plain words bare and quotes the rest', () => {
    expect(shellQuote('acme-42')).toBe('acme-42')
    expect(shellQuote('jane@acme.com')).toBe('jane@acme.com')
    expect(shellQuote('plan=enterprise')).toBe('plan=enterprise')
    expect(shellQuote('Acme Corp')).toBe("'Acme Corp'")
    expect(shellQuote('')).toBe("''")
    expect(shellQuote("O'Brien & Co")).toBe(String.raw`'O'\''Brien & Co'`)
  })

  it('prints a command that pastes into a shell', () => {
    expect(shellCommand(['skctl', 'orgs', 'create', '--name', 'Acme Corp'])).toBe(
      "skctl orgs create --name 'Acme Corp'",
    )
  })

  it('any words come back from a real shell exactly as they went in', () => {
    // NUL cannot be in an argument at all; everything else, quotes, $, `, \, newlines and non-ASCII included, can.
    const word = fc.string({unit: 'grapheme', maxLength: 12}).filter((w) => !w.includes('\0'))
    fc.assert(
      fc.property(fc.array(word, {maxLength: 4, minLength: 1}), (words) => {
        expect(shellReads(shellCommand(words))).toEqual(words)
      }),
      {numRuns: 60},
    )
  })
})
