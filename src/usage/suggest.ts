import {distance} from 'fastest-levenshtein'

/** What a suggestion needs to know of a flag: from a command class or from the manifest alike. */
export interface FlagShape {
  type: 'boolean' | 'option'
  required?: boolean
  helpGroup?: string
}

export interface FlagInfo extends FlagShape {
  name: string
}

export const flagInfos = (flags: Record<string, FlagShape>): FlagInfo[] =>
  Object.entries(flags).map(([name, f]) => ({helpGroup: f.helpGroup, name, required: f.required, type: f.type}))

/** Close enough to be the word meant: a third of the word, at least two edits. */
const closeEnough = (word: string, d: number) => d <= Math.max(2, Math.floor(word.length / 3))

/** For `--lmit`, the known flag name meant (`limit`), if one is close. */
export function closestFlag(unknown: string, known: readonly string[]): string | undefined {
  const best = known.map((k) => ({d: distance(unknown, k), k})).sort((a, b) => a.d - b.d)[0]
  return best && closeEnough(unknown, best.d) ? best.k : undefined
}

/**
 * For the words typed as a command (`orgs lst`, or `orgs creat Beta`), the command id meant. Each id is compared
 * with as many of the words as it has parts, so values typed after a misspelt command do not count against it.
 */
export function closestCommand(words: readonly string[], ids: readonly string[]): string | undefined {
  const scored = ids.map((id) => {
    const typed = words.slice(0, id.split(':').length).join(':')
    return {d: distance(typed, id), id, typed}
  })
  const best = scored.sort((a, b) => a.d - b.d || a.id.localeCompare(b.id))[0]
  return best && closeEnough(best.typed, best.d) ? best.id : undefined
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const isUrl = (value: string) => /^https?:\/\//i.test(value) && URL.canParse(value)

/**
 * The flag a value given as a positional argument was probably meant for: by its shape (an email → `--email`, a
 * URL → `--url`, `--…-uri`, `--endpoint`), else the command's first required string flag not yet given.
 */
export function guessFlag(value: string, flags: readonly FlagInfo[], given: ReadonlySet<string>): string | undefined {
  const open = flags.filter((f) => f.type === 'option' && f.helpGroup !== 'GLOBAL' && !given.has(f.name))
  let shaped: FlagInfo | undefined
  if (EMAIL.test(value)) shaped = open.find((f) => /(^|-)email$/.test(f.name))
  else if (isUrl(value)) shaped = open.find((f) => /(^|-)(url|uri|endpoint)$/.test(f.name))
  return (shaped ?? open.find((f) => f.required))?.name
}
