import type {Api} from '../api/client.js'
import {resolveOrganizationId} from '../api/organizations.js'
import {chooseDirectory} from './choose-directory.js'
import {ScimClient} from './client.js'
import {type DirectoryView, viewThroughApi, viewThroughScim} from './directory-view.js'
import type {DesiredState} from './model.js'
import {type ActionKind, countActions, type PushAction, pushDesiredState} from './push.js'
import {type PushTarget, targetThroughApi} from './target.js'

export interface SimulatePushResult {
  endpoint: string
  organizationId?: string
  directoryId?: string
  dryRun: boolean
  /** Set when the bearer token was issued through the API for this push (`replaced`: the old one stopped working). */
  secret?: {issued: true; replaced: boolean}
  counts: Record<ActionKind, number>
  actions: PushAction[]
  directory: DirectoryView
}

export interface SimulatePushOptions {
  state: DesiredState
  /** --endpoint and the token read from stdin; without them the directory's own endpoint and an issued token. */
  direct?: {endpoint: string; token: string}
  /** The directory through the Scalekit API: its organization (id or external id) and id (default: its only one). */
  directory?: {api: Api; org: string; id?: string}
  dryRun: boolean
  deleteMissing: boolean
  /** Asks before rotating a live directory's secret (throws when refused). */
  confirm: (question: string) => Promise<void>
  /** Told when a token was issued through the API, before any SCIM request. */
  onIssued?: (issued: NonNullable<PushTarget['issued']>, directoryId: string) => void
  /** Told when the SCIM requests start (every question has been asked by then). */
  onSending?: () => Promise<void> | void
}

/**
 * `directories simulate push` once its input is read: finds where to send (and with which token), pushes the
 * file's state, then reads what the directory shows — through the Scalekit API when the directory is known, as the
 * application would see it, else over SCIM.
 */
export async function simulatePush(options: SimulatePushOptions): Promise<SimulatePushResult> {
  const {api, org, id} = options.directory ?? {}
  const organizationId = api && org ? await resolveOrganizationId(api, org) : undefined
  const directory = api && org && organizationId ? await chooseDirectory(api, organizationId, org, id) : undefined
  let target: PushTarget
  if (options.direct) target = options.direct
  else if (api && directory) target = await targetThroughApi(api, directory, options.confirm)
  else throw new Error('simulatePush needs an endpoint and token, or a directory')
  if (target.issued && directory) options.onIssued?.(target.issued, directory.id)

  const client = new ScimClient({endpoint: target.endpoint, token: target.token})
  await options.onSending?.()
  const actions = await pushDesiredState(client, options.state, options)
  const view =
    api && directory ? await viewThroughApi(api, directory.organizationId, directory.id) : await viewThroughScim(client)
  return {
    endpoint: target.endpoint,
    ...(directory ? {directoryId: directory.id, organizationId: directory.organizationId} : {}),
    dryRun: options.dryRun,
    ...(target.issued ? {secret: {issued: true as const, replaced: target.issued.replaced}} : {}),
    counts: countActions(actions),
    actions,
    directory: view,
  }
}
