import {parse} from 'csv-parse/sync'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {restoreCell} from '../../../src/import/columns.js'
import {csvLine, neutralise} from '../../../src/import/csv-write.js'

/** Strings that often begin the way formulas (or already-neutralised values) do. */
const cellText = fc
  .tuple(fc.constantFrom('', "'", "''", '=', '+', '-', '@', '\t', '\r', '\n', '"', ' '), fc.string({unit: 'grapheme'}))
  .map(([start, rest]) => start + rest)
const anyCell = fc.oneof(cellText, fc.string({unit: 'binary'}))

describe('csvLine', () => {
  it('quotes only what needs quoting, doubling quotes, and ends with CRLF', () => {
    expect(csvLine(['ann@example.com', 'Ann', ''])).toBe('ann@example.com,Ann,\r\n')
    expect(csvLine(['Smith, Jr.', 'say "hi"', 'two\nlines', 'cr\rhere', 'crlf\r\nhere'])).toBe(
      '"Smith, Jr.","say ""hi""","two\nlines","cr\rhere","crlf\r\nhere"\r\n',
    )
    expect(csvLine([' leading', 'trailing ', 'in side'])).toBe('" leading","trailing ",in side\r\n')
  })

  it('prefixes formula-looking cells with an apostrophe, also inside quotes', () => {
    expect(csvLine(['=1+1', '+x', '-5', '@a', '\tx', '\rx'])).toBe(`'=1+1,'+x,'-5,'@a,'\tx,"'\rx"\r\n`)
    expect(csvLine(['=HYPERLINK("http://x")'])).toBe(`"'=HYPERLINK(""http://x"")"\r\n`)
  })
})

describe('neutralise and restoreCell', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+x', "'+x"],
    ['-5', "'-5"],
    ['@a', "'@a"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    // Already starting with apostrophes before a formula character: one more, so restoring keeps the original.
    ["'=x", "''=x"],
    ["''@x", "'''@x"],
    // Harmless values stay as they are.
    ['a=b', 'a=b'],
    ["'plain", "'plain"],
    ["'", "'"],
    ['', ''],
    ['O\u2019Brien', 'O\u2019Brien'],
  ])('%j is written as %j and read back unchanged', (value, written) => {
    expect(neutralise(value)).toBe(written)
    expect(restoreCell(written)).toBe(value)
  })

  it('restoreCell undoes neutralise for any string', () => {
    fc.assert(fc.property(anyCell, (value) => restoreCell(neutralise(value)) === value))
  })
})

describe('CSV written by csvLine', () => {
  it('parses back with csv-parse to the neutralised cells, for any cells', () => {
    fc.assert(
      fc.property(fc.array(fc.array(anyCell, {minLength: 1, maxLength: 6}), {minLength: 1, maxLength: 5}), (rows) => {
        const text = rows.map(csvLine).join('')
        expect(parse(text, {relax_column_count: true})).toEqual(rows.map((cells) => cells.map(neutralise)))
      }),
    )
  })
})
