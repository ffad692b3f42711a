import type {EmulatorEvent} from '../emulator/index.js'
import {invalidInput} from '../errors.js'
import {closestFlag} from '../usage/suggest.js'
import {AdminAnswerError, adminRequest, type EmulatorEndpoint} from './admin-client.js'

/** A triggered event (with its `evt_…` id), the endpoints it goes to, and whether its data is partly a sample. */
export interface TriggeredEvent {
  endpoints: string[]
  event: EmulatorEvent & {id: string}
  sample: boolean
}

export interface TriggerRequest {
  data?: Record<string, unknown>
  organization?: string
  set: Array<{path: string; value: unknown}>
  type: string
}

/**
 * `--set path=value`: the value is JSON when it reads as JSON (`true`, `42`, `null`, `"42"`, `{"a":1}`), else the
 * text itself, so `--set email=jane@acme.com` needs no quoting.
 */
export function parseOverride(text: string): {path: string; value: unknown} {
  const equals = text.indexOf('=')
  const path = equals === -1 ? '' : text.slice(0, equals).trim()
  if (path === '') {
    throw invalidInput(`--set ${text} is not path=value`, 'e.g. --set user.email=jane@acme.com or --set active=false')
  }
  const raw = text.slice(equals + 1)
  try {
    return {path, value: JSON.parse(raw)}
  } catch {
    return {path, value: raw}
  }
}

/** What `skctl emulator webhooks test` sends by default: not Scalekit's, but an endpoint may well subscribe to it. */
const TEST_EVENT_TYPE = 'emulator.test'

/** Refuses (exit 2, with the closest known one) an event type that neither Scalekit nor `webhooks test` sends. */
export async function checkEventTypes(emulator: EmulatorEndpoint, types: string[]): Promise<void> {
  if (types.length === 0) return
  const {eventTypes} = await adminRequest<{eventTypes: string[]}>(emulator, 'GET', '/_emulator/trigger')
  const known = [...eventTypes, TEST_EVENT_TYPE]
  const unknown = types.find((type) => !known.includes(type))
  if (unknown !== undefined) throw unknownType(unknown, known)
}

function unknownType(type: string, known: string[]) {
  const meant = closestFlag(type, known)
  return invalidInput(
    `${type} is not an event type Scalekit sends`,
    meant ? `did you mean ${meant}?` : `use one of: ${known.join(', ')}`,
  )
}

/** Raises the event on the emulator; an unknown type is refused (exit 2) with the closest known one. */
export async function triggerEvent(emulator: EmulatorEndpoint, request: TriggerRequest): Promise<TriggeredEvent> {
  try {
    return await adminRequest<TriggeredEvent>(emulator, 'POST', '/_emulator/trigger', request)
  } catch (error) {
    if (!(error instanceof AdminAnswerError)) throw error
    if (error.answer.error === 'invalid_request') {
      throw invalidInput(error.message, `see the data to change with: skctl emulator trigger ${request.type} --json`)
    }
    if (error.answer.error !== 'unknown_event_type') throw error
    throw unknownType(
      request.type,
      Array.isArray(error.answer.event_types) ? (error.answer.event_types as string[]) : [],
    )
  }
}
