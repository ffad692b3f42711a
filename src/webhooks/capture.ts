import {readBoundedText} from '../bounded-file.js'
import {invalidInput} from '../errors.js'

/** A delivery as an app received it: its headers, and its body exactly as sent. */
export interface CapturedWebhook {
  /** Lower-cased names: the SDK looks up `webhook-id`, `webhook-timestamp` and `webhook-signature` as written. */
  headers: Record<string, string>
  body: string
  /** The event's `id` and `type` when the body is a Scalekit event envelope. */
  event?: {id?: string; type?: string}
}

const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/
/** `POST /webhooks HTTP/1.1`: the first line of a request as logs print it. */
const REQUEST_LINE = /^[A-Z]+ \S+ HTTP\/\d(\.\d)?$/

export async function readCapture(headersFile: string, bodyFile: string): Promise<CapturedWebhook> {
  const headers = parseHeaders(await readBoundedText(headersFile, '--headers'), headersFile)
  // The SDK verifies a string; UTF-8 is what a JSON body is in.
  const body = await readBoundedText(bodyFile, '--body')
  return {headers, body, event: envelopeOf(body)}
}

/**
 * A JSON object of names to values, or `Name: value` lines as copied from a request log (a request line and
 * curl's `> ` prefixes are skipped). Names are lower-cased; a repeated name keeps its last value.
 */
export function parseHeaders(text: string, file: string): Record<string, string> {
  const trimmed = text.replace(/^\uFEFF/, '').trim()
  if (trimmed === '') throw invalidInput(`${file} is empty`, 'give the headers as JSON or as "Name: value" lines')
  const pairs = trimmed.startsWith('{') ? jsonPairs(trimmed, file) : linePairs(trimmed, file)
  return Object.fromEntries(pairs.map(([name, value]) => [name.toLowerCase(), value]))
}

function jsonPairs(text: string, file: string): Array<[string, string]> {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    throw invalidInput(`${file} is not valid JSON: ${(error as Error).message}`)
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalidInput(`${file} must hold a JSON object of header names to values`)
  }
  return Object.entries(parsed).map(([name, value]) => {
    if (typeof value === 'string' || typeof value === 'number') return [name, String(value)]
    throw invalidInput(`header ${name} in ${file} must be a string`)
  })
}

function linePairs(text: string, file: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/^[<>] /, '').trim()
    if (line === '' || REQUEST_LINE.test(line)) continue
    const match = HEADER_LINE.exec(line)
    if (!match) {
      throw invalidInput(
        `line ${index + 1} of ${file} is not a "Name: value" header line`,
        'or give the headers as JSON',
      )
    }
    pairs.push([match[1]!, match[2]!])
  }
  return pairs
}

function envelopeOf(body: string): CapturedWebhook['event'] {
  try {
    const parsed = JSON.parse(body) as {id?: unknown; type?: unknown}
    return {
      id: typeof parsed?.id === 'string' ? parsed.id : undefined,
      type: typeof parsed?.type === 'string' ? parsed.type : undefined,
    }
  } catch {
    return undefined
  }
}
