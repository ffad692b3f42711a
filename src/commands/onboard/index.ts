import {Flags} from '@oclif/core'

import {CONNECTION_PROVIDERS} from '../../api/connection-providers.js'
import {ApiCommand, apiFlagsWithoutClientId} from '../../base-command.js'
import {connectionSettingsFlags} from '../../flags.js'
import {handoffMarkdown} from '../../onboarding/handoff.js'
import {checkHandoffPath, writeHandoff} from '../../onboarding/handoff-file.js'
import {resolvePlan} from '../../onboarding/onboard-input.js'
import {type OnboardResult, onboardResult, OnboardStepFailed} from '../../onboarding/onboard-result.js'
import {runOnboarding, type StepResult} from '../../onboarding/onboard-steps.js'
import {findingLine} from '../../output/connections.js'
import {errorJson} from '../../output/error.js'
import {escapeTerminal} from '../../output/escape.js'
import {stepLine} from '../../output/onboard-steps.js'

export default class Onboard extends ApiCommand<typeof Onboard> {
  // --client-id is the IdP's OIDC client id here, as in `connections create`.
  static override baseFlags = apiFlagsWithoutClientId()
  static override description = `Runs the whole setup for one customer: the organization (found again by --external-id), its domains, the SSO and SCIM features, an SSO connection and a SCIM directory — then the handoff for the customer's IT admin.
Every step first looks for what exists, so running the same command again after a failure continues where it stopped and never makes duplicates. Each step's result goes to stderr (✓ created, ✓ already there, ✗ failed); the handoff, in Markdown, goes to stdout and with --handoff FILE to that file too.
At a terminal it asks for what the flags leave out. In scripts (no terminal, CI set, or --json) every answer is a flag: --name, --external-id and --sso and/or --scim, and for a connection --provider and --type; a missing one is exit 2 naming it.
Who configures SSO: without settings flags, the customer's IT admin in the admin portal (the connection is a draft the portal completes); with --metadata-url/--metadata-file (SAML) or --issuer/--client-id (OIDC, client secret from --client-secret-stdin or a hidden prompt, never a flag value), you, now. --provider idp-simulator makes an enabled connection to the emulator's IdP simulator.
The handoff holds the values the IdP needs (SAML: ACS URL, SP entity id, attribute mapping; OIDC: redirect URI; SCIM: base URL) and the IdP's own steps. It never holds an admin-portal link — the API's link works once, for one minute — nor the SCIM bearer token: the IT admin generates that in the admin portal.`
  static override examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --name "Acme Corp" --external-id acme-42 --domain acme.com --sso --scim --provider okta --type saml --handoff acme-handoff.md',
    '<%= config.bin %> <%= command.id %> --name "Acme Corp" --external-id acme-42 --domain acme.com --sso --provider okta --type saml --metadata-url https://acme.okta.com/app/exk1/sso/saml/metadata --enable-connection',
    '<%= config.bin %> <%= command.id %> --name "Acme Corp" --external-id acme-42 --domain acme.com --sso --scim --provider idp-simulator --json',
  ]
  static override flags = {
    ...connectionSettingsFlags,
    domain: Flags.string({
      description: "The customer's email domain (an organization domain), e.g. acme.com; repeat for several.",
      multiple: true,
    }),
    'enable-connection': Flags.boolean({
      description: 'Enable the SSO connection once configured (an idp-simulator connection always is).',
    }),
    'external-id': Flags.string({
      description: 'Your own id for the customer: the organization is found by it when the command runs again.',
    }),
    handoff: Flags.string({
      description: 'Also write the handoff (Markdown) to this file; checked before anything is created.',
    }),
    name: Flags.string({description: "The customer's name (used when the organization is created)."}),
    provider: Flags.string({
      description: "The customer's identity provider, for the connection, the directory and the handoff's steps.",
      options: [...CONNECTION_PROVIDERS],
    }),
    scim: Flags.boolean({description: 'Set up user provisioning: the directory-sync feature and a SCIM directory.'}),
    sso: Flags.boolean({description: 'Set up single sign-on: the SSO feature and (with --provider) a connection.'}),
    type: Flags.string({description: 'SAML or OIDC, for the connection.', options: ['saml', 'oidc']}),
  }
  static override summary = "Onboard a customer: organization, domains, SSO, SCIM, and the IT admin's handoff."

  override async catch(error: Error & {oclif?: {exit?: number}}): Promise<void> {
    if (!(error instanceof OnboardStepFailed) || !this.jsonEnabled()) return super.catch(error)
    // The error document, and beside it what the steps before did: a script sees how far it got.
    process.exitCode = error.exit
    this.logJson({...errorJson(error), ...error.result})
  }

  async run(): Promise<OnboardResult> {
    const {flags} = this
    const handoffPath = flags.handoff === undefined ? undefined : await checkHandoffPath(flags.handoff)
    const {plan, warnings} = await resolvePlan(flags, {interactive: this.interactive})
    for (const warning of warnings) this.warning(findingLine(warning))

    const api = await this.api()
    const show = (step: StepResult) => this.note(stepLine(step, this.chalk))
    const outcome = await runOnboarding(api, plan, show)
    const result = onboardResult(outcome, plan.externalId)
    const failed = outcome.steps.find((s) => s.status === 'failed')
    if (outcome.failure && failed) throw new OnboardStepFailed(failed.step, outcome.failure, result)
    if (!outcome.organization) throw new Error('the onboarding ended without an organization')

    const markdown = handoffMarkdown({
      bin: this.config.bin,
      connection: outcome.connection,
      directory: outcome.directory,
      now: new Date(),
      organization: outcome.organization,
      plan,
    })
    if (handoffPath) await writeHandoff(handoffPath, markdown)
    const handoff: StepResult = {
      detail: flags.handoff === undefined ? 'printed below' : `written to ${flags.handoff}`,
      status: 'created',
      step: 'handoff',
    }
    result.steps.push(handoff)
    show(handoff)
    result.handoff = {markdown, path: handoffPath ?? null}
    // Data on stdout: the handoff, to read or redirect. Its API values are already escaped for Markdown.
    if (!this.jsonEnabled()) this.log(escapeTerminal(markdown, {multiline: true}).trimEnd())
    return result
  }
}
