/** Characters a POSIX shell takes literally in a word: anything else is quoted. */
const PLAIN = /^[\w@%+=:,./-]+$/

/** One argument as a POSIX shell reads it back unchanged: bare when safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (PLAIN.test(word)) return word
  // A single quote cannot appear inside single quotes: close, add an escaped one, reopen.
  return `'${word.replaceAll("'", String.raw`'\''`)}'`
}

/** A command line that pastes into a shell as the same argument list. */
export function shellCommand(words: readonly string[]): string {
  return words.map((w) => shellQuote(w)).join(' ')
}
