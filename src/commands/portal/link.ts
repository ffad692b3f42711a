import {Args, Flags} from '@oclif/core'

import {generatePortalLink, type PortalLinkJson, resolveOrganizationId} from '../../api/organizations.js'
import {ApiCommand} from '../../base-command.js'
import {openInBrowser} from '../../browser.js'
import {portalLinkNote} from '../../output/portal.js'
import {escapeTerminal} from '../../output/escape.js'

export type PortalLinkResult = PortalLinkJson & {opened?: boolean; organizationId: string}

export default class PortalLink extends ApiCommand<typeof PortalLink> {
  static override args = {
    org: Args.string({description: 'Organization id (org_…) or external id.', required: true}),
  }
  static override description = `Generates an admin-portal link where the customer's IT admin configures SSO and directory sync.

The link works once and expires after one minute (Scalekit's rule for links generated through the API; the emulator keeps it too): generate it at the moment you send it, or open it yourself with --open. Once opened, the portal session lasts six hours. For a link an admin can open later, generate a shareable link (valid for 7 days) in the Scalekit dashboard.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> org_59615193906282635',
    '<%= config.bin %> <%= command.id %> acme-42 --open',
    '<%= config.bin %> <%= command.id %> acme-42 --json',
  ]
  static override flags = {
    open: Flags.boolean({description: 'Also open the link in your browser (the URL is printed either way).'}),
  }
  static override summary = 'Generate a one-time admin-portal link for an organization (valid for one minute).'

  async run(): Promise<PortalLinkResult> {
    const api = await this.api()
    const organizationId = await resolveOrganizationId(api, this.args.org)
    const link = await generatePortalLink(api, organizationId)
    this.log(escapeTerminal(link.location))
    this.note(this.chalk.dim(portalLinkNote(link.expireTime, Date.now(), this.flags.open)))
    if (!this.flags.open) return {...link, organizationId}
    const {error, opened} = await openInBrowser(link.location)
    if (!opened) this.warning(`could not open a browser (${error}); open the URL above yourself.`)
    return {...link, opened, organizationId}
  }
}
