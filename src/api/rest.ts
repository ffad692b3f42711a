import {readBoundedText} from '../bounded-file.js'
import {ExitCode, invalidInput, usageError} from '../errors.js'
import {parseKeyValues} from '../input.js'

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const

export interface RestRequest {
  body?: unknown
  method: string
  path: string
  query?: Record<string, string>
}

/** `--data` is JSON, `@file` or `@-` (standard input); a file or standard input is read up to a limit. */
export async function readData(data: string): Promise<unknown> {
  const text = data.startsWith('@') ? await readBoundedText(data.slice(1), '--data') : data
  try {
    return JSON.parse(text)
  } catch (error) {
    throw invalidInput(`--data is not valid JSON: ${(error as Error).message}`)
  }
}

/**
 * Builds a request for `skctl api`. Paths are relative to the environment — an absolute URL would carry the
 * access token to another host. `--field k=v` goes to the query string for GET and DELETE, else into the body.
 */
export async function buildRestRequest(
  method: string,
  path: string,
  options: {data?: string; fields?: string[]},
): Promise<RestRequest> {
  const verb = method.toUpperCase()
  if (!(METHODS as readonly string[]).includes(verb)) {
    throw usageError(`unknown method ${method}`, `use one of ${METHODS.join(', ')}`)
  }
  if (!path.startsWith('/') || path.startsWith('//')) {
    throw usageError(
      `path "${path}" must start with / (it is relative to the environment URL)`,
      'e.g. /api/v1/organizations',
    )
  }
  const fields = parseKeyValues(options.fields, 'field')
  if (options.data !== undefined && fields) throw usageError('pass either --data or --field, not both')
  if (fields && (verb === 'GET' || verb === 'DELETE')) return {method: verb, path, query: fields}
  const body = options.data !== undefined ? await readData(options.data) : fields
  return {body, method: verb, path}
}

/** The exit code for an HTTP status, on the same scale as every other command. */
export function exitForStatus(status: number): number {
  if (status < 400) return ExitCode.ok
  if (status === 400 || status === 422) return ExitCode.usage
  if (status === 401 || status === 403) return ExitCode.auth
  if (status === 404) return ExitCode.notFound
  return ExitCode.failure
}
