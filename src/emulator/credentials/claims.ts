import {invalidArgument} from '../rpc/errors.js'
import {claimNameProblem} from '../../shared/claim-rules.js'

/** INVALID_ARGUMENT for the first custom claim name that may not be used. */
export function assertClaimNames(names: Iterable<string>): void {
  for (const name of names) {
    const problem = claimNameProblem(name)
    if (problem) throw invalidArgument(problem)
  }
}
