// Remote data — names from the API, SCIM attributes, an IdP's error text — is shown escaped. A control character in
// it would reach the terminal as an instruction: retitle the window (OSC 0), forge a link (OSC 8), clear the screen
// (CSI), ring the bell, or reorder what is read (bidi overrides). The escaping is visible (`\u001b`), so an odd value
// stays recognisable instead of silently changing. `--json` never passes through here: it stays exact.

/**
 * C0 controls, DEL, C1 controls (U+009B is a one-character CSI), the line and paragraph separators, and the bidi
 * marks, embeddings, overrides and isolates.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this escapes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g
/** The same, for text that keeps its lines: newline, tab and a CR that ends a CRLF pass. */
const UNSAFE_MULTILINE =
  // eslint-disable-next-line no-control-regex -- control characters are exactly what this escapes
  /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g

const visible = (char: string) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`

/** Remote text as it may reach a terminal. `multiline` keeps newlines and tabs (response bodies, error messages). */
export function escapeTerminal(text: string, {multiline = false}: {multiline?: boolean} = {}): string {
  return text.replace(multiline ? UNSAFE_MULTILINE : UNSAFE, visible)
}

/** Text the CLI composed itself — a label, a colour — with any data in it already escaped: shown as it is. */
export class Styled {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text
  }
}

export const styled = (text: string) => new Styled(text)

/** What a table cell, a record value or a message may hold. */
export type Shown = boolean | null | number | string | Styled | undefined

/** A cell or value as shown: data escaped, styled text of our own as it is. */
export function shownText(value: Shown): string {
  return value instanceof Styled ? value.text : escapeTerminal(String(value ?? ''))
}

/** A message whose interpolated values are data: safe`Created organization ${org.id}.` */
export function safe(strings: TemplateStringsArray, ...values: Shown[]): string {
  return strings.reduce((out, part, i) => out + (i === 0 ? '' : shownText(values[i - 1])) + part, '')
}
