import type {Api} from '../api/client.js'
import {type ConnectionProviderName, IDP_SIMULATOR, providerEnumName} from '../api/connection-providers.js'
import {
  type ConnectionChanges,
  type ConnectionJson,
  createConnection,
  getConnection,
  hasChanges,
  listConnections,
  setConnectionEnabled,
  updateConnection,
} from '../api/connections.js'
import {
  createDirectory,
  DIRECTORY_PROVIDERS,
  type DirectoryJson,
  type DirectoryProviderName,
  listDirectories,
  setDirectoryEnabled,
} from '../api/directories.js'
import {addDomain, listDomains} from '../api/domains.js'
import {createOrganization, getOrganization, type OrganizationJson, updateFeatures} from '../api/organizations.js'
import {collect} from '../api/paginate.js'
import {type ConnectionDetails, connectionDetails} from '../connections/idp-setup.js'
import {CliError} from '../errors.js'
import {enumText} from '../output/format.js'

/** Everything `skctl onboard` sets up for one customer, asked for or given as flags. */
export interface OnboardPlan {
  /** Settings for the connection when you configure it here (from flags or answers); none for the portal. */
  changes?: ConnectionChanges
  /** Directory provider, when the IdP is one Scalekit provisions from. */
  directoryProvider?: DirectoryProviderName
  /** Organization domains, already checked (`acme.com`). */
  domains: string[]
  enableConnection: boolean
  /** The organization's key: found by it on a re-run. */
  externalId: string
  name: string
  /** The customer's IdP; none when the IT admin picks it in the admin portal. */
  provider?: ConnectionProviderName
  scim: boolean
  sso: boolean
  /** Who configures SSO: the customer's IT admin in the admin portal, or you with settings here. */
  ssoSetup: 'admin-portal' | 'here'
  type?: 'OIDC' | 'SAML'
}

export const STEP_NAMES = ['organization', 'domains', 'features', 'connection', 'directory'] as const
export type StepName = (typeof STEP_NAMES)[number] | 'handoff'

/** `exists`: found as asked for (a re-run); `skipped`: not part of this onboarding. */
export type StepStatus = 'created' | 'exists' | 'failed' | 'skipped' | 'updated'

export interface StepResult {
  detail: string
  error?: {code: string; hint: string | null; message: string}
  /** The id of what the step created or found. */
  id?: string
  status: StepStatus
  step: StepName
}

export interface OnboardOutcome {
  connection?: ConnectionDetails
  directory?: DirectoryJson
  /** The error of the step that failed; the steps after it did not run. */
  failure?: CliError
  organization?: OrganizationJson
  steps: StepResult[]
}

type StepDone = Omit<StepResult, 'step'>

/**
 * Runs the steps in order, each one finding what exists before it creates anything, so a re-run after a failure
 * picks up where the failure was. The first failing step ends the run (later steps depend on it); `onStep` sees
 * each result as it happens.
 */
export async function runOnboarding(
  api: Api,
  plan: OnboardPlan,
  onStep: (result: StepResult) => void,
): Promise<OnboardOutcome> {
  const outcome: OnboardOutcome = {steps: []}
  const record = (step: StepName, done: StepDone) => {
    const result = {step, ...done}
    outcome.steps.push(result)
    onStep(result)
  }
  let org: OrganizationJson | undefined
  const steps: Array<[StepName, () => Promise<StepDone>]> = [
    [
      'organization',
      async () => {
        const found = await ensureOrganization(api, plan)
        org = found.org
        outcome.organization = org
        return found.done
      },
    ],
    ['domains', () => ensureDomains(api, required(org), plan.domains)],
    [
      'features',
      async () => {
        const found = await ensureFeatures(api, required(org), plan)
        org = found.org
        outcome.organization = org
        return found.done
      },
    ],
    [
      'connection',
      async () => {
        const found = await ensureConnection(api, required(org).id, plan)
        outcome.connection = found.connection
        return found.done
      },
    ],
    [
      'directory',
      async () => {
        const found = await ensureDirectory(api, required(org).id, plan)
        outcome.directory = found.directory
        return found.done
      },
    ],
  ]
  for (const [step, run] of steps) {
    try {
      record(step, await run())
    } catch (error) {
      const failure =
        error instanceof CliError ? error : new CliError('api_error', (error as Error).message, {cause: error})
      record(step, {
        detail: failure.message,
        error: {code: failure.code, hint: failure.hint ?? null, message: failure.message},
        status: 'failed',
      })
      outcome.failure = failure
      break
    }
  }
  return outcome
}

const required = (org: OrganizationJson | undefined): OrganizationJson => {
  if (!org) throw new CliError('api_error', 'no organization to work on')
  return org
}

async function ensureOrganization(api: Api, plan: OnboardPlan): Promise<{done: StepDone; org: OrganizationJson}> {
  try {
    const org = await getOrganization(api, {externalId: plan.externalId})
    // Found by the external id: an organization is never renamed behind the user's back, but the difference is said.
    const renamed = org.displayName === plan.name ? '' : `; keeps its name, not "${plan.name}"`
    return {done: {detail: `${org.id} (${org.displayName})${renamed}`, id: org.id, status: 'exists'}, org}
  } catch (error) {
    if ((error as CliError).code !== 'not_found') throw error
  }
  const org = await createOrganization(api, {externalId: plan.externalId, name: plan.name})
  return {done: {detail: `${org.id} (${org.displayName})`, id: org.id, status: 'created'}, org}
}

async function ensureDomains(api: Api, org: OrganizationJson, domains: string[]): Promise<StepDone> {
  if (domains.length === 0) return {detail: 'none given', status: 'skipped'}
  const present = new Set((await collect(listDomains(api, org.id, {}))).items.map((d) => d.domain))
  const added: string[] = []
  for (const name of domains.filter((d) => !present.has(d))) {
    await addDomain(api, org.id, name, 'organization')
    added.push(name)
  }
  const kept = domains.filter((d) => !added.includes(d))
  if (added.length === 0) return {detail: kept.join(', '), status: 'exists'}
  return {
    detail: `added ${added.join(', ')}${kept.length > 0 ? `; already there: ${kept.join(', ')}` : ''}`,
    status: 'created',
  }
}

async function ensureFeatures(
  api: Api,
  org: OrganizationJson,
  plan: OnboardPlan,
): Promise<{done: StepDone; org: OrganizationJson}> {
  const wanted = [...(plan.sso ? ['sso'] : []), ...(plan.scim ? ['dir_sync'] : [])]
  const on = new Set((org.settings?.features ?? []).filter((f) => f.enabled).map((f) => f.name))
  const missing = wanted.filter((name) => !on.has(name))
  if (missing.length === 0) return {done: {detail: wanted.join(', ') || 'none asked for', status: 'exists'}, org}
  const updated = await updateFeatures(
    api,
    org.id,
    missing.map((name) => ({enabled: true, name})),
  )
  return {done: {detail: `turned on ${missing.join(', ')}`, status: 'updated'}, org: updated}
}

async function ensureConnection(
  api: Api,
  organizationId: string,
  plan: OnboardPlan,
): Promise<{connection?: ConnectionDetails; done: StepDone}> {
  if (!plan.sso) return {done: {detail: 'no SSO asked for', status: 'skipped'}}
  const {provider, type} = plan
  if (!provider || !type) {
    return {done: {detail: "the customer's IT admin picks the IdP in the admin portal", status: 'skipped'}}
  }
  const changes = plan.changes ?? {}
  const summaries = (await collect(listConnections(api, {organizationId}))).items
  const found = summaries.find((c) => c.provider === providerEnumName(provider) && c.type === type)
  let connection: ConnectionJson
  let status: StepStatus
  const notes: string[] = []
  if (found) {
    status = 'exists'
    if (hasChanges(changes)) {
      connection = await updateConnection(api, organizationId, found.id, changes)
      notes.push('settings applied')
    } else connection = await getConnection(api, organizationId, found.id)
    if (plan.enableConnection && !connection.enabled) {
      await setConnectionEnabled(api, organizationId, found.id, true)
      connection = await getConnection(api, organizationId, found.id)
      notes.push('enabled')
    }
  } else {
    status = 'created'
    connection = await createConnection(api, organizationId, {changes, enable: plan.enableConnection, provider, type})
  }
  const details = connectionDetails(connection, api.credentials.environmentUrl)
  const state = `${type}, ${provider === IDP_SIMULATOR ? 'IdP simulator' : provider}, ${enumText(connection.status)}, ${connection.enabled ? 'enabled' : 'disabled'}`
  return {
    connection: details,
    done: {
      detail: `${connection.id} (${state})${notes.length > 0 ? `; ${notes.join(', ')}` : ''}`,
      id: connection.id,
      status,
    },
  }
}

async function ensureDirectory(
  api: Api,
  organizationId: string,
  plan: OnboardPlan,
): Promise<{directory?: DirectoryJson; done: StepDone}> {
  if (!plan.scim) return {done: {detail: 'no SCIM asked for', status: 'skipped'}}
  const wanted = plan.directoryProvider && DIRECTORY_PROVIDERS[plan.directoryProvider]
  const directories = (await collect(listDirectories(api, organizationId))).items
  let directory = directories.find((d) => !wanted || d.directoryProvider === wanted)
  const status: StepStatus = directory ? 'exists' : 'created'
  const notes: string[] = []
  directory ??= await createDirectory(api, organizationId, plan.directoryProvider)
  if (!directory.enabled) {
    await setDirectoryEnabled(api, organizationId, directory.id, true)
    directory = {...directory, enabled: true}
    notes.push('enabled')
  }
  const provider = enumText(directory.directoryProvider.replace(/^DIRECTORY_PROVIDER_UNSPECIFIED$/, 'any provider'))
  return {
    directory,
    done: {
      detail: `${directory.id} (SCIM, ${provider})${notes.length > 0 ? `; ${notes.join(', ')}` : ''}`,
      id: directory.id,
      status,
    },
  }
}
