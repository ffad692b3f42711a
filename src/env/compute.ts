import type {Api} from '../api/client.js'
import {count, inflect} from '../output/plural.js'
import type {EnvSpec} from './model.js'
import {unhonouredPinsNote} from './pins.js'
import {makePlan, type Plan} from './plan.js'
import {type OrganizationParts, type RemoteEnv, readEnvironment} from './read.js'
import {readUsers} from './users.js'

/**
 * The parts of an organization a plan compares: those the file lists for it (a list left out is left alone, --prune
 * or not); of an organization the file does not name, none (it is left alone, or with --prune deleted by its id).
 */
function partsNamed(spec: EnvSpec, externalId: string): OrganizationParts {
  const org = spec.organizations?.[externalId]
  return {
    connections: org?.connections !== undefined,
    directories: org?.directories !== undefined,
    domains: org?.domains !== undefined || org?.allowedEmailDomains !== undefined,
    roles: org?.roles !== undefined,
  }
}

/**
 * Reads the environment (its users only when the file has a users section) and plans the way to `spec`; the
 * environment as read comes along, for apply.
 */
export async function planAgainst(
  api: Api,
  spec: EnvSpec,
  /** `pinsHonoured`: the target is an emulator that was given the file's pinned ids. */
  options: {pinsHonoured?: boolean; prune: boolean},
): Promise<{plan: Plan; remote: RemoteEnv}> {
  const remote = await readEnvironment(api, {parts: (externalId) => partsNamed(spec, externalId)})
  const users = spec.users ? await readUsers(api, remote.externalIds) : undefined
  const plan = makePlan(spec, remote, {prune: options.prune, users})
  const pins = options.pinsHonoured ? undefined : unhonouredPinsNote(spec, plan)
  if (pins) plan.notes.push(pins)
  if (remote.unkeyed > 0) {
    const n = remote.unkeyed
    plan.notes.push(
      `${count(n, 'organization')} without an external id ${inflect(n, 'is', 'are')} not in any file and ${inflect(n, 'is', 'are')} left alone`,
    )
  }
  return {plan, remote}
}

/** An environment as read, in the file's shape: what `env diff` compares another environment with. */
export async function readAsSpec(api: Api, options: {users: boolean}): Promise<EnvSpec> {
  const remote = await readEnvironment(api)
  const spec: EnvSpec = {
    organizations: Object.fromEntries([...remote.organizations].map(([key, org]) => [key, org.spec])),
    permissions: remote.permissions,
    roles: remote.roles,
    version: 1,
  }
  if (options.users) {
    const users = await readUsers(api, remote.externalIds)
    spec.users = Object.fromEntries([...users.values()].map((u) => [u.email, u.spec]))
  }
  return spec
}
