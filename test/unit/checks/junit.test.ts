import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {describe, expect, it} from 'vitest'

import {escapeXml, toJunitXml, writeJunit} from '../../../src/checks/junit.js'
import {CliError} from '../../../src/errors.js'
import {tempDir} from '../../helpers/tmp.js'

const count = (xml: string, pattern: RegExp) => [...xml.matchAll(pattern)].length

describe('toJunitXml', () => {
  const suites = [
    {
      cases: [
        {classname: 'redirects', name: 'https://ok.example.com/cb', timeMs: 1500},
        {
          failure: [{detail: 'Fix: drop it', message: '[query] has a query'}, {message: '[fragment] has one'}],
          name: 'https://bad.example.com/cb?a=1&b=<2>#"\'',
          timeMs: 250,
        },
      ],
      name: 'first',
    },
    {cases: [{failure: {message: 'nope'}, name: 'only'}], name: 'second'},
  ]

  it('counts tests and failed test cases per suite and overall', () => {
    const xml = toJunitXml(suites)
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="3" failures="2"')).toBe(true)
    expect(xml).toContain('<testsuite name="first" tests="2" failures="1" errors="0" skipped="0" time="1.750">')
    expect(xml).toContain('<testsuite name="second" tests="1" failures="1" errors="0" skipped="0" time="0.000">')
    expect(count(xml, /<testcase /g)).toBe(3)
    expect(count(xml, /<failure /g)).toBe(3)
    expect(xml).toContain('<testcase name="https://ok.example.com/cb" classname="redirects" time="1.500"/>')
    // A case without a classname takes the suite's name.
    expect(xml).toContain('<testcase name="only" classname="second" time="0.000">')
  })

  it('escapes markup in names, messages and bodies', () => {
    const xml = toJunitXml(suites)
    expect(xml).toContain('name="https://bad.example.com/cb?a=1&amp;b=&lt;2&gt;#&quot;&apos;"')
    expect(xml).toContain('<failure message="[query] has a query">Fix: drop it</failure>')
    expect(xml).toContain('<failure message="[fragment] has one"></failure>')
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/)
  })

  it('drops characters XML cannot hold', () => {
    expect(escapeXml('a\u0000b\u001Bc\td\ne\uFFFEf')).toBe('abc\td\nef')
    expect(escapeXml('😀 & ü')).toBe('😀 &amp; ü')
  })

  it('writes an empty report for no suites', () => {
    expect(toJunitXml([])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites tests="0" failures="0" errors="0" time="0.000">\n</testsuites>\n',
    )
  })
})

describe('writeJunit', () => {
  it('replaces the file in one step and leaves no temporary file', async () => {
    const dir = tempDir()
    const path = join(dir, 'report.xml')
    writeFileSync(path, 'old')
    await writeJunit(path, [{cases: [{name: 'a'}], name: 's'}])
    expect(readFileSync(path, 'utf8')).toContain('<testcase name="a"')
    expect(readdirSync(dir)).toEqual(['report.xml'])
  })

  it('an unwritable path is bad input (exit 2) and leaves nothing behind', async () => {
    const dir = tempDir()
    const error = await writeJunit(join(dir, 'missing', 'report.xml'), []).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(CliError)
    expect(error).toMatchObject({code: 'invalid_input', exit: 2})
    expect((error as CliError).message).toContain('ENOENT')
    expect(readdirSync(dir)).toEqual([])
  })
})
