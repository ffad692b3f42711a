import {escapeTerminal} from '../output/escape.js'

// Values from the API (an organization's name, URLs, ids) go into a Markdown document that is sent to someone else
// and rendered there. Unescaped, a name such as `[Log in](https://evil.example)` or `<img src=…>` would become a link
// or HTML in the customer's mail client or wiki, and a newline in it could start a heading of its own. Control
// characters are made visible first (which also keeps every value on one line), then Markdown's own syntax is
// neutralised.

/** Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all is always safe. */
const PUNCTUATION = /[!-/:-@[-`{-~]/g

/** A value as plain text in Markdown: shown literally, never a link, emphasis, HTML or a new block. */
export function mdText(value: string): string {
  return escapeTerminal(value).replace(PUNCTUATION, '\\$&')
}

/**
 * A value as an inline code span, for things a person copies (URLs, ids, commands). Backslashes do not escape
 * inside code spans, so the fence is made longer than any run of backticks in the value.
 */
export function mdCode(value: string): string {
  const text = escapeTerminal(value)
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length))
  const fence = '`'.repeat(longest + 1)
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}
