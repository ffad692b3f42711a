import {type Command, Flags} from '@oclif/core'

import {usageError} from '../errors.js'
import {importFlags, ImportCommand} from './import-command.js'
import {type InputFacts, inputName, inspectArgument, inspectInput, STDIN} from './input-file.js'
import type {ProviderOptions} from './model.js'
import {PROVIDER_NAMES, type Provider, providers} from './providers/index.js'
import type {ImportSummary} from './run.js'

/** The flags of every `migrate <provider>` command. */
export const migrateFlags = {
  ...importFlags,
  'include-disabled': Flags.boolean({
    description: 'Also import users the source marks as disabled (default: reported as skipped).',
  }),
  'org-attribute': Flags.string({
    description: "A user attribute naming the user's organization (its external id), e.g. custom:tenant.",
  }),
}

/**
 * `skctl migrate <provider> FILE...`: reads the provider's export (files in any order, recognised by content),
 * then imports organizations first and users with their memberships, keeping the old ids as external ids.
 */
export abstract class MigrateCommand<T extends typeof Command> extends ImportCommand<T> {
  static override strict = false
  protected abstract readonly provider: Provider

  async run(): Promise<ImportSummary & {passwordHashesDropped: number}> {
    const files = this.positionals
    if (files.length === 0)
      throw usageError(
        `name the ${PROVIDER_NAMES[this.provider]} export files`,
        `skctl migrate ${this.provider} --help`,
      )
    const flags = this.flags as unknown as {
      'include-disabled'?: boolean
      members?: string[]
      'org-attribute'?: string
    }
    const memberFiles = (flags.members ?? []).map((value) => parseMembersFlag(value))
    if (files.filter((file) => file === STDIN).length > 1) throw usageError('"-" (standard input) can be given once')
    const example = `skctl migrate ${this.provider} - OTHER-FILES... --yes < FILE`
    const inputs: InputFacts[] = []
    for (const file of files) inputs.push(await inspectArgument(file, example, (remove) => this.onCleanup(remove)))
    const members: NonNullable<ProviderOptions['members']> = []
    for (const {file, organization} of memberFiles) {
      const input = await inspectInput(file)
      inputs.push(input)
      members.push({file: input.path, organization})
    }
    const options: ProviderOptions = {
      defaultOrganization: this.settings().defaultOrganization,
      includeDisabled: Boolean(flags['include-disabled']),
      members,
      organizationAttribute: flags['org-attribute'],
    }
    const read = () =>
      providers[this.provider](
        inputs.slice(0, files.length).map((input) => input.path),
        options,
      )
    // A first pass proves every record parses and counts them, before any call.
    const counted = await read()
    let total = 0
    for await (const _user of counted.users) total++
    const hashes = counted.passwordHashes()
    if (hashes > 0) {
      this.warning(
        `${hashes} users have password hashes; Scalekit does not accept password hashes, so none are imported (they sign in with SSO or passwordless email, or set a password)`,
      )
    }
    const summary = await this.execute({
      command: `migrate ${this.provider}`,
      inputs,
      label: `the ${PROVIDER_NAMES[this.provider]} export (${inputs.map((input) => inputName(input)).join(', ')})`,
      organizations: counted.organizations,
      total,
      users: () =>
        (async function* () {
          yield* (await read()).users
        })(),
    })
    return {...summary, passwordHashesDropped: hashes}
  }
}

/** The flag of a provider whose members come in lists per organization (Auth0). */
export const membersFlag = Flags.string({
  description:
    'A member list of one organization: ORG=FILE, ORG its Auth0 id (repeatable), e.g. a file saved from `auth0 orgs members list ORG --json`.',
  multiple: true,
})

function parseMembersFlag(value: string): {file: string; organization: string} {
  const at = value.indexOf('=')
  const organization = value.slice(0, Math.max(at, 0)).trim()
  const file = value.slice(at + 1)
  if (at < 1 || !organization || !file) {
    throw usageError(`--members "${value}" is not ORG=FILE`, 'e.g. --members org_abc123=acme-members.json')
  }
  return {file, organization}
}
