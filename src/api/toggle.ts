import {CliError} from '../errors.js'

/** What enabling or disabling an organization's connection or directory leaves behind. */
export interface ToggleResult {
  enabled: boolean
  id: string
  organizationId: string
}

/**
 * The answer to an enable or disable call: the server may decline (and say why) instead of failing, which is a
 * failure all the same.
 */
export function toggled(
  answer: {enabled: boolean; errorMessage?: string},
  wanted: {enabled: boolean; id: string; noun: string; organizationId: string},
  hint?: string,
): ToggleResult {
  const {enabled, id, noun, organizationId} = wanted
  if (answer.enabled !== enabled) {
    const verb = enabled ? 'enable' : 'disable'
    throw new CliError('api_error', `could not ${verb} ${noun} ${id}: ${answer.errorMessage || 'the API declined'}`, {
      hint,
    })
  }
  return {enabled, id, organizationId}
}
