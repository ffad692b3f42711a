import {CliError} from '../errors.js'
import {parseDuration} from '../onboarding/wait.js'

/**
 * `--since`: a duration back from now (`1h`, `30m`, `90s`) or an ISO 8601 time (`2025-01-31T09:30:00Z`). Anything
 * else is bad input (exit 2), found before any call.
 */
export function parseSince(value: string, now = Date.now()): Date {
  if (/^\d{4}-\d{2}-\d{2}/.test(value.trim())) {
    const time = Date.parse(value.trim())
    if (Number.isFinite(time)) return new Date(time)
  } else {
    try {
      return new Date(now - parseDuration('since', value))
    } catch {
      // Worded below, for both forms.
    }
  }
  throw new CliError('invalid_input', `--since "${value}" is neither a duration nor an ISO 8601 time`, {
    hint: 'e.g. --since 1h, --since 30m or --since 2025-01-31T09:30:00Z',
  })
}
