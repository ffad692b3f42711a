import {IDP_SIMULATOR} from '../api/connection-providers.js'
import type {DirectoryJson} from '../api/directories.js'
import type {OrganizationJson} from '../api/organizations.js'
import type {ConnectionDetails} from '../connections/idp-setup.js'
import {shellCommand} from '../output/shell-quote.js'
import {idpGuide, type IdpGuide, OIDC_STEPS} from './handoff-idps.js'
import {mdCode, mdText} from './handoff-markdown.js'

// The guide texts (IdP names, field names, steps) are our own Markdown; only values from the API are escaped.
import type {OnboardPlan} from './onboard-steps.js'

export interface HandoffInput {
  /** The CLI's name, for the commands in the sender's notes. */
  bin: string
  connection?: ConnectionDetails
  directory?: DirectoryJson
  now: Date
  organization: OrganizationJson
  plan: Pick<OnboardPlan, 'provider' | 'scim' | 'sso' | 'ssoSetup' | 'type'>
}

/**
 * The customer's IT admin's part of the onboarding, as Markdown: the values to enter in their IdP (from the real
 * connection and directory), the IdP's steps, and how they get into the admin portal. It never holds an admin-portal
 * link — the API's link works once, for one minute, and would be dead by the time this is read — nor the SCIM bearer
 * token, which is a credential to the customer's directory and would live on in mailboxes and tickets.
 */
export function handoffMarkdown(input: HandoffInput): string {
  const {organization: org, plan} = input
  const guide = idpGuide(plan.provider)
  const what = [plan.sso ? 'single sign-on (SSO)' : '', plan.scim ? 'user provisioning (SCIM)' : '']
    .filter(Boolean)
    .join(' and ')
  const lines: string[] = [
    `# Setting up ${what || 'your organization'} for ${mdText(org.displayName)}`,
    '',
    `Prepared ${input.now.toISOString().slice(0, 10)} for ${mdText(org.displayName)} (organization ${mdCode(org.id)}${org.externalId ? `, external id ${mdCode(org.externalId)}` : ''}). ` +
      `It lists what your IT team does in ${guide.label} to turn on ${what || 'your organization'}.`,
    '',
    '## The admin portal',
    '',
    'You receive a link to the admin portal from us separately, when you are ready to start. The link works once and only within one minute of being made, so it is not in this document: ask for it when you sit down to do this. Once opened, the portal session lasts six hours. In the portal you see the configuration, test the connection and see the users that arrive.',
    '',
  ]
  if (plan.sso) lines.push(...ssoSection(input, guide))
  if (plan.scim) lines.push(...scimSection(input, guide))
  lines.push(...senderNotes(input))
  return `${lines.join('\n').trimEnd()}\n`
}

/** The IdP's own name for a field, with ours beside it when they differ ("Single sign-on URL (ACS URL)"). */
const fieldName = (idpName: string, ours: string) =>
  idpName.toLowerCase() === ours.toLowerCase() ? `**${idpName}**` : `**${idpName}** (${ours})`
const numbered = (steps: string[]) => steps.map((step, i) => `${i + 1}. ${step}`)

function attributeLines(connection: ConnectionDetails): string[] {
  return Object.entries(connection.idpSetup.attributeMapping).map(
    ([field, attribute]) => `  - ${mdCode(attribute)} → ${mdText(field)}`,
  )
}

function ssoSection(input: HandoffInput, guide: IdpGuide): string[] {
  const {connection, plan} = input
  if (plan.provider === IDP_SIMULATOR) {
    return [
      '## Single sign-on',
      '',
      'Single sign-on for this organization uses the IdP simulator, a test identity provider: there is nothing to set up on your side yet. When you are ready to connect your own identity provider, ask us for a new version of this document.',
      '',
    ]
  }
  if (!connection || !plan.type) {
    return [
      '## Single sign-on',
      '',
      ...numbered([
        'In the admin portal, open Single sign-on and choose your identity provider and SAML or OIDC.',
        'The portal shows the values to enter in your identity provider (the ACS URL and SP entity id for SAML, the redirect URI for OIDC) and links to the guide for it. Follow it, and assign the users who should sign in.',
        'Back in the portal, enter your identity provider’s details, click Test Connection, then Enable Connection.',
      ]),
      '',
    ]
  }
  const here = plan.ssoSetup === 'here'
  const lines = [`## Single sign-on with ${guide.label} (${plan.type})`, '']
  const setup = connection.idpSetup
  if (plan.type === 'SAML') {
    const saml = guide.saml
    lines.push(
      `Enter these values in ${guide.label}:`,
      '',
      `- ${fieldName(saml.acsField, 'ACS URL')}: ${mdCode(setup.acsUrl ?? '')}`,
      `- ${fieldName(saml.entityIdField, 'SP entity id')}: ${mdCode(setup.spEntityId ?? '')}`,
      `- **SP metadata URL** (for identity providers that import it): ${mdCode(setup.spMetadataUrl ?? '')}`,
      '- **Attributes** to send:',
      ...attributeLines(connection),
      '',
      `Steps, from Scalekit's guide for ${guide.label} (${mdCode(saml.guide)}):`,
      '',
      ...numbered([
        ...saml.steps,
        here
          ? `We have configured ${guide.label}'s side already. If we do not have it yet, send us ${saml.idpMetadata}. When users are assigned, click Test Connection in the admin portal (or tell us and we run the test)${connection.enabled ? '' : ', then Enable Connection'}.`
          : `In the admin portal, open Single sign-on → ${guide.label} → SAML, choose Configure using Metadata URL and paste ${saml.idpMetadata}. Click Test Connection, then Enable Connection.`,
      ]),
      '',
    )
    return lines
  }
  lines.push(
    `Enter this value in ${guide.label}:`,
    '',
    `- **Redirect URI** (sign-in redirect URI): ${mdCode(setup.redirectUri ?? '')}`,
    '- **Claims** to send:',
    ...attributeLines(connection),
    '',
    `Steps, from Scalekit's guide for OIDC providers (${mdCode(OIDC_STEPS.guide)}):`,
    '',
    ...numbered([
      ...OIDC_STEPS.steps,
      here
        ? `We have configured the client id, client secret and issuer already. When users are assigned, click Test Connection in the admin portal (or tell us and we run the test)${connection.enabled ? '' : ', then Enable Connection'}.`
        : `In the admin portal, open Single sign-on → ${guide.label} → OIDC and enter the client ID, a client secret and the issuer URL (or its discovery endpoint, …/.well-known/openid-configuration). Click Update, Test Connection, then Enable Connection.`,
    ]),
    '',
  )
  return lines
}

function scimSection(input: HandoffInput, guide: IdpGuide): string[] {
  const scim = guide.scim
  const lines = [`## User provisioning (SCIM) with ${guide.label}`, '']
  if (scim.authorizeInPortal) {
    lines.push(
      `${guide.label} is connected from the admin portal itself: no SCIM URL or token to copy.`,
      '',
      `Steps, from Scalekit's guide (${mdCode(scim.guide)}):`,
      '',
      ...numbered(scim.steps),
      '',
    )
    return lines
  }
  const endpoint = input.directory?.directoryEndpoint
  lines.push(
    `Enter these in ${guide.label}:`,
    '',
    `- ${fieldName(scim.endpointField, 'SCIM base URL')}: ${endpoint ? mdCode(endpoint) : 'shown in the admin portal, Directory Sync tab'}`,
    `- ${fieldName(scim.tokenField, 'bearer token')}: not in this document — it is a password to your directory. Generate it yourself in the admin portal: Directory Sync → ${guide.label} → Configure. It is shown once; generating another one replaces it.`,
    '',
    `Steps, from Scalekit's guide (${mdCode(scim.guide)}):`,
    '',
    ...numbered([...scim.steps, "Users and groups that arrive appear in the admin portal's Directory Sync tab."]),
    '',
  )
  return lines
}

function senderNotes(input: HandoffInput): string[] {
  const {bin, organization: org} = input
  const ref = org.externalId ?? org.id
  const command = (...words: string[]) => mdCode(shellCommand([bin, ...words]))
  const lines = [
    '## For the sender (remove before forwarding)',
    '',
    `- Admin-portal link: when the admin is ready, run ${command('portal', 'link', ref)} and send the link at once (it works once, within one minute). For a live session together, ${command('portal', 'link', ref, '--open')} opens the portal in your browser. A shareable link valid for seven days can be made in the Scalekit dashboard.`,
  ]
  if (input.plan.scim && input.directory && !idpGuide(input.plan.provider).scim.authorizeInPortal) {
    lines.push(
      `- SCIM token, if the admin cannot use the portal: ${command('directories', 'secret', '--org', ref, input.directory.id)} prints it once. Send it through a secure channel (a password manager share), never by email or in this document.`,
    )
  }
  const waits = [
    ...(input.plan.sso ? [command('connections', 'wait', '--org', ref)] : []),
    ...(input.plan.scim ? [command('directories', 'wait', '--org', ref)] : []),
  ]
  if (waits.length > 0) lines.push(`- Then wait for the customer: ${waits.join(', ')}.`)
  if (input.plan.sso) lines.push(`- Prove sign-in works: ${command('sso', 'test', '--org', ref)}.`)
  lines.push(`- See where the onboarding stands: ${command('onboard', 'status', ref)}.`, '')
  return lines
}
