import {writeFileAtomically} from '../atomic-file.js'
import {invalidInput} from '../errors.js'

export interface JunitFailure {
  /** One line: what failed. */
  message: string
  /** Longer text (the fix, details), the element's body. */
  detail?: string
}

export interface JunitCase {
  classname?: string
  /** Several failures become several `<failure>` elements; the case counts once as failed. */
  failure?: JunitFailure | JunitFailure[]
  name: string
  timeMs?: number
}

export interface JunitSuite {
  cases: JunitCase[]
  name: string
}

// XML 1.0 allows tab, newline, carriage return and everything from U+0020 except the surrogates and U+FFFE/F.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu

/** Escapes text for an attribute value or element body, dropping characters XML cannot hold at all. */
export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
}

const seconds = (ms: number) => (ms / 1000).toFixed(3)
const failuresOf = (c: JunitCase): JunitFailure[] => (c.failure === undefined ? [] : [c.failure].flat())
const attrs = (pairs: Array<[string, string | number | undefined]>) =>
  pairs
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('')

/** JUnit XML as CI systems (GitHub, GitLab, Jenkins, CircleCI) read it: `failures` counts failed test cases. */
export function toJunitXml(suites: JunitSuite[]): string {
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
  const count = (cases: JunitCase[]) => cases.filter((c) => failuresOf(c).length > 0).length
  const time = (cases: JunitCase[]) => cases.reduce((sum, c) => sum + (c.timeMs ?? 0), 0)
  const all = suites.flatMap((s) => s.cases)
  lines.push(
    `<testsuites${attrs([
      ['tests', all.length],
      ['failures', count(all)],
      ['errors', 0],
      ['time', seconds(time(all))],
    ])}>`,
  )
  for (const suite of suites) {
    lines.push(
      `  <testsuite${attrs([
        ['name', suite.name],
        ['tests', suite.cases.length],
        ['failures', count(suite.cases)],
        ['errors', 0],
        ['skipped', 0],
        ['time', seconds(time(suite.cases))],
      ])}>`,
    )
    for (const testCase of suite.cases) {
      const head = `    <testcase${attrs([
        ['name', testCase.name],
        ['classname', testCase.classname ?? suite.name],
        ['time', seconds(testCase.timeMs ?? 0)],
      ])}`
      const failures = failuresOf(testCase)
      if (failures.length === 0) {
        lines.push(`${head}/>`)
        continue
      }
      lines.push(`${head}>`)
      for (const f of failures) {
        const body = f.detail === undefined ? '' : escapeXml(f.detail)
        lines.push(`      <failure${attrs([['message', f.message]])}>${body}</failure>`)
      }
      lines.push('    </testcase>')
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}

/**
 * Writes the report atomically: a temporary file beside the target, then a rename, so a CI step reading the
 * file never sees half a report (and a failed write leaves any previous report in place). A path that cannot be
 * written is bad input (exit 2).
 */
export async function writeJunit(path: string, suites: JunitSuite[]): Promise<void> {
  try {
    await writeFileAtomically(path, toJunitXml(suites))
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    throw invalidInput(
      `cannot write the JUnit report to ${path} (${reason})`,
      'pass a --junit path in a writable directory',
    )
  }
}
