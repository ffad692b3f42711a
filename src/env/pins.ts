import type {PinnedId} from '../shared/pinned-ids.js'
import {invalidInput, type CliError} from '../errors.js'
import {count, inflect} from '../output/plural.js'
import type {PinPositions} from './load.js'
import type {EnvSpec} from './model.js'
import type {Plan} from './plan.js'

// Pinned ids (`id: org_…` in an environment file). The emulator gives them to what it creates (see
// src/shared/pinned-ids.ts); a real Scalekit environment chooses its own ids, so there a pin only matches what
// already exists, and a create gets a new id — which plan and apply say in a note rather than pass over in silence.

/**
 * What the emulator needs to honour the file's pins: every pinned organization and user, and every connection and
 * directory — the unpinned ones too, as place holders, so that pins go to the right creates in file order.
 */
export function pinnedIdsOf(spec: EnvSpec): PinnedId[] {
  const pins: PinnedId[] = []
  for (const [externalId, org] of Object.entries(spec.organizations ?? {})) {
    if (org.id) pins.push({kind: 'organization', id: org.id, externalId})
    const connections = org.connections ?? []
    const directories = org.directories ?? []
    if (![...connections, ...directories].some((item) => item.id)) continue
    for (const c of connections) {
      pins.push({kind: 'connection', id: c.id ?? null, organization: externalId, provider: c.provider, type: c.type})
    }
    for (const d of directories) {
      pins.push({kind: 'directory', id: d.id ?? null, organization: externalId, provider: d.provider})
    }
  }
  for (const [email, user] of Object.entries(spec.users ?? {})) {
    if (user.id) pins.push({kind: 'user', id: user.id, email})
  }
  return pins
}

/** A pin the emulator refused, as a bad-file error pointing at the pin's line. */
export function pinRefusal(file: string, pins: PinPositions, id: string, message: string): CliError {
  const where = pins.get(id)
  const what = message.startsWith(`${id}: `) ? message : `${id}: ${message}`
  return invalidInput(
    where ? `${where.at} ${where.path}: ${what}` : `${file}: ${what}`,
    `remove or change the pinned id in ${file}; skctl emulator export shows the ids the emulator holds`,
  )
}

/** The pinned ids of things a plan creates: a real environment cannot give them those ids. */
export function pinsOfCreates(spec: EnvSpec, plan: Plan): string[] {
  const index = (key: string) => Number(/#(\d+)$/.exec(key)?.[1] ?? 0) - 1
  const ids: Array<string | undefined> = plan.changes
    .filter((change) => change.action === 'create')
    .map(({key, organization, resource}) => {
      const org = spec.organizations?.[organization ?? key]
      if (resource === 'organization') return org?.id
      if (resource === 'connection') return org?.connections?.[index(key)]?.id
      if (resource === 'directory') return org?.directories?.[index(key)]?.id
      if (resource === 'user') return spec.users?.[key]?.id
      return undefined
    })
  return ids.filter((id): id is string => id !== undefined)
}

/** The plan's note about pins a real environment cannot honour; none when there are none. */
export function unhonouredPinsNote(spec: EnvSpec, plan: Plan): string | undefined {
  const ids = pinsOfCreates(spec, plan)
  if (ids.length === 0) return undefined
  const shown = ids.slice(0, 3).join(', ') + (ids.length > 3 ? ', …' : '')
  return `${count(ids.length, 'pinned id')} (${shown}) ${inflect(ids.length, 'belongs', 'belong')} to something this plan creates: Scalekit chooses the ids of what it creates, so ${inflect(ids.length, 'it gets a new one', 'they get new ones')} (only the emulator keeps pinned ids: skctl emulator import, skctl emulator start --seed)`
}
