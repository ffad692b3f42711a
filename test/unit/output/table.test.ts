import {Chalk} from 'chalk'
import fc from 'fast-check'
import {describe, expect, it} from 'vitest'

import {connectionCheckColumns, type ConnectionCheckRow} from '../../../src/output/checks.js'
import {type Column, fitWidths, renderTable, TableWriter} from '../../../src/output/table.js'

const plain = new Chalk({level: 0})

interface Finding {
  fix: string
  rule: string
  url: string
}

const columns: Column<Finding>[] = [
  {header: 'URL', value: (r) => r.url},
  {header: 'RULE', value: (r) => r.rule},
  {header: 'FIX', value: (r) => r.fix},
]

const finding: Finding = {
  fix: 'Use https:// for every redirect URL outside loopback development; register the new URL in the dashboard before the next deploy.',
  rule: 'https-required',
  url: 'http://app.acme-corporation.example/sso/callback',
}

const need = (widest: number, longestWord: number) => ({longestWord, widest})

/** Every word of `words` is in `text` in one piece. */
function expectWhole(text: string, words: string) {
  const shown = new Set(text.split(/\s+/))
  for (const word of words.split(' ').filter(Boolean)) expect(shown).toContain(word)
}

describe('fitWidths', () => {
  it('gives every column its widest line when the line fits', () => {
    expect(fitWidths([need(10, 4), need(20, 8)], 40)).toEqual([10, 20])
    expect(fitWidths([need(10, 4), need(200, 8)])).toEqual([10, 200])
  })

  it('keeps every column at least its longest word and fills the room exactly when it must wrap', () => {
    const widths = fitWidths([need(20, 20), need(14, 14), need(120, 12)], 80)
    expect(widths[0]).toBe(20)
    expect(widths[1]).toBe(14)
    expect(widths.reduce((a, b) => a + b) + 2 * 2).toBe(80)
  })

  it('narrows the widest columns first when even the longest words do not fit', () => {
    expect(fitWidths([need(4, 4), need(60, 60), need(50, 50)], 40)).toEqual([4, 16, 16])
  })
})

describe('TableWriter', () => {
  it('wraps a long cell between words to fit the terminal, never through a word that fits', () => {
    const text = renderTable([finding], columns, plain, 80)
    const lines = text.split('\n')
    expect(lines.length).toBeGreaterThan(2)
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80)
    expectWhole(text, `${finding.fix} ${finding.url}`)
  })

  it('lays a table out unchanged when it fits, as cli-table3 did', () => {
    expect(renderTable([finding], columns.slice(0, 2), plain, 160)).toBe(
      [
        'URL                                               RULE',
        'http://app.acme-corporation.example/sso/callback  https-required',
      ].join('\n'),
    )
  })

  it('breaks a word wider than its column rather than cutting it short', () => {
    const long = {...finding, url: `https://example.com/${'x'.repeat(100)}`}
    const lines = renderTable([long], columns, plain, 60).split('\n')
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60)
    const urlColumn = lines
      .slice(1)
      .map((line) => line.split(/\s{2,}/)[0])
      .join('')
    expect(urlColumn.startsWith(long.url)).toBe(true)
  })

  it('prints the header with the first batch only and keeps the first batch widths for later ones', () => {
    const writer = new TableWriter(columns.slice(0, 2), plain, undefined)
    const first = writer.render([{...finding, rule: 'r1'}])
    const second = writer.render([{...finding, rule: 'r2', url: 'http://a.example'}])
    expect(first.split('\n')[0]).toMatch(/^URL\s+RULE$/)
    expect(second.split('\n')).toHaveLength(1)
    expect(second.indexOf('r2')).toBe(first.split('\n')[1]?.indexOf('r1'))
  })

  it('widens a column for a later batch while the line still fits the terminal, then wraps', () => {
    const writer = new TableWriter(columns.slice(0, 2), plain, 40)
    writer.render([{...finding, rule: 'r', url: 'http://a.example'}])
    const wider = writer.render([{...finding, rule: 'r', url: 'http://longer-host.example/cb'}])
    expect(wider).toBe('http://longer-host.example/cb  r')
    const wrapped = writer.render([{...finding, rule: 'r', url: 'http://even-longer-host.example/a b c'}])
    for (const line of wrapped.split('\n')) expect(line.length).toBeLessThanOrEqual(40)
  })

  it('fits connections check on a 160-column terminal, its FIX column wrapped between words', () => {
    const row: ConnectionCheckRow = {
      connection: 'conn_59615204644553228',
      fix: 'add the organization domain acme-corporation.example in the admin portal or with skctl domains add, then verify it',
      id: 'org_59615193906282635',
      name: 'Acme Corporation International',
      result: 'fail: the SAML connection has no organization domain, so SSO by email domain finds nothing',
      rule: 'connection-without-domain',
      sso: true,
    }
    const text = renderTable([row], connectionCheckColumns, plain, 160)
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(160)
    expectWhole(text, `${row.fix} ${row.result} ${row.connection} ${row.id} ${row.rule}`)
  })

  it('keeps every line within the terminal whenever the longest words fit (property)', () => {
    const word = fc.stringMatching(/^[a-z0-9:/._-]{1,12}$/)
    const cell = fc.array(word, {maxLength: 12}).map((ws) => ws.join(' '))
    const row = fc.record({fix: cell, rule: cell, url: cell})
    fc.assert(
      fc.property(fc.array(row, {maxLength: 8}), fc.integer({max: 160, min: 40}), (rows, width) => {
        const text = renderTable(rows, columns, plain, width)
        for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(width)
        // No word was split: every word of every cell is still whole in the output.
        for (const r of rows) expectWhole(text, `${r.fix} ${r.rule} ${r.url}`)
      }),
      {numRuns: 50},
    )
  })
})
