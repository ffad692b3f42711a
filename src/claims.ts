import {Flags} from '@oclif/core'

import {claimNameProblem} from './shared/claim-rules.js'
import {invalidInput} from './errors.js'
import {parseKeyValues} from './input.js'

export const claimFlag = Flags.string({
  description:
    'Custom claim as name=value; repeat for several. Names Scalekit sets itself (sub, oid, scopes, …) are refused.',
  multiple: true,
})

/** `--claim k=v` values → a map, refusing what is not name=value and names reserved for Scalekit's own claims. */
export function parseClaims(values: string[] | undefined): Record<string, string> | undefined {
  const claims = parseKeyValues(values, 'claim')
  for (const name of Object.keys(claims ?? {})) {
    const problem = claimNameProblem(name)
    if (problem) throw invalidInput(`--claim ${problem}`, 'pick a name of your own, e.g. --claim team=payments')
  }
  return claims
}
