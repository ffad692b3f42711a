import {Flags} from '@oclif/core'

import type {DirectoryJson} from '../../api/directories.js'
import {requiredOrgFlag} from '../../flags.js'
import {directoryFix, directoryProbe, organizationToWaitOn} from '../../onboarding/ready.js'
import {WaitCommand, waitFlags} from '../../onboarding/wait-command.js'

export interface DirectoriesWaitResult {
  directory: DirectoryJson
  elapsedMs: number
  organizationId: string
  ready: true
}

export default class DirectoriesWait extends WaitCommand<typeof DirectoriesWait> {
  static override description = `Waits until the customer's identity provider provisions users: until a SCIM directory of the organization is enabled and holds at least --min-users users. For scripts that hand off and then continue.
Checks every --interval (2 s, growing to 30 s); on a terminal shows a spinner, otherwise prints a line on stderr each time the state changes. Exit 0 when ready (the directory is printed), 6 when --timeout passes (the error says what is missing and how to fix it), 4 for an unknown organization, 130 on Ctrl-C.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org acme-42',
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635 --min-users 10 --timeout 1h --json',
  ]
  static override flags = {
    ...waitFlags,
    'min-users': Flags.integer({default: 1, description: 'Users the directory must hold.', min: 1}),
    org: requiredOrgFlag,
  }
  static override summary = 'Wait until an organization has an enabled SCIM directory with users.'

  async run(): Promise<DirectoriesWaitResult> {
    const api = await this.api()
    const org = await organizationToWaitOn(api, this.flags.org)
    const minUsers = this.flags['min-users']
    const {elapsedMs, probe} = await this.waitFor(
      `a SCIM directory of ${org.id} with ${minUsers}+ ${minUsers === 1 ? 'user' : 'users'}`,
      directoryProbe(api, org, minUsers),
      (last) => directoryFix(org, last.value.directories, minUsers),
    )
    const directory = probe.value.directory as DirectoryJson
    this.record([
      ['organization', org.id],
      ['directory', directory.id],
      ['enabled', directory.enabled ? 'yes' : 'no'],
      ['users', directory.totalUsers],
      ['groups', directory.totalGroups],
    ])
    return {directory, elapsedMs, organizationId: org.id, ready: true}
  }
}
