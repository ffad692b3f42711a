import {CliError} from '../errors.js'

/** Runs `work`; a NOT_FOUND it throws gets `hint` (where to find the right id) unless it has one already. */
export async function withNotFoundHint<T>(hint: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof CliError && error.code === 'not_found' && !error.hint) {
      throw new CliError('not_found', error.message, {cause: error.cause ?? error, hint})
    }
    throw error
  }
}
