import {Args, Flags} from '@oclif/core'

import {generatePortalLink, type PortalLinkJson, resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {openInBrowser} from '../../browser.js'

export type PortalLinkResult = PortalLinkJson & {opened?: boolean; organizationId: string}

export default class PortalLink extends ApiCommand<typeof PortalLink> {
  static override args = {
    org: Args.string({description: 'Organization id (org_…) or external id.', required: true}),
  }
  static override description =
    "Generates a one-time admin-portal link where the customer's IT admin configures SSO and directory sync. Send it to them, or open it yourself with --open."
  static override examples = [
    '<%= config.bin %> <%= command.id %> org_59615193906282635',
    '<%= config.bin %> <%= command.id %> acme-42 --open',
    '<%= config.bin %> <%= command.id %> acme-42 --json',
  ]
  static override flags = {
    open: Flags.boolean({description: 'Also open the link in your browser (the URL is printed either way).'}),
  }
  static override summary = 'Generate an admin-portal link for an organization.'

  async run(): Promise<PortalLinkResult> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.args.org)
    const link = await generatePortalLink(api, organizationId)
    this.log(link.location)
    if (link.expireTime) this.note(this.chalk.dim(`Expires ${link.expireTime}.`))
    if (!this.flags.open) return {...link, organizationId}
    const {error, opened} = await openInBrowser(link.location)
    if (!opened) this.warning(`could not open a browser (${error}); open the URL above yourself.`)
    return {...link, opened, organizationId}
  }
}
