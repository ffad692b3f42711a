// Counts in messages agree with their number: "1 problem", "2 problems", "1 of 2 organizations has findings".

const english = new Intl.PluralRules('en-US')

/** The form of a word that goes with `n`: `inflect(1, 'has', 'have')` is `has`. */
export const inflect = (n: number, one: string, other: string): string => (english.select(n) === 'one' ? one : other)

/** `n` and its noun in the right number, grouped as en-US writes it: `1 row`, `12,000 rows`, `2 entries`. */
export const count = (n: number, one: string, other = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${inflect(n, one, other)}`
