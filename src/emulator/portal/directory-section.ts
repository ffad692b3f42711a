import {
  type Directory,
  DirectoryProvider,
  DirectoryService,
  DirectoryType,
  SecretStatus,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {html, type SafeHtml} from '../pages/html.js'
import {invalidArgument} from '../rpc/errors.js'
import type {ActionRoute, PortalContext, PortalSection} from './context.js'
import {enumWords} from './labels.js'
import {postForm, selectField} from './layout.js'
import {directoryToggled} from './ui-events.js'

/** Identity providers that provision over SCIM, by enum name, with the names IT admins know. */
const SCIM_PROVIDERS: ReadonlyArray<[keyof typeof DirectoryProvider, string]> = [
  ['OKTA', 'Okta'],
  ['MICROSOFT_AD', 'Microsoft Entra ID'],
  ['GOOGLE', 'Google Workspace'],
  ['ONELOGIN', 'OneLogin'],
  ['JUMPCLOUD', 'JumpCloud'],
  ['PING_IDENTITY', 'Ping Identity'],
  ['AUTH0', 'Auth0'],
]

/**
 * Directory sync: set up the organization's SCIM directory, show its endpoint, make its bearer token (shown once,
 * only its hash is kept) and enable or disable it — all through DirectoryService, as the API does it.
 */
export const directorySection: PortalSection = {
  nav: {path: '/directory', label: 'Directory sync'},
  async overview(ctx) {
    const directory = await directoryOf(ctx)
    return html`<h3>Directory sync (SCIM)</h3>
      <p id="directory-status">${directory ? summary(directory) : 'Not set up.'}</p>`
  },
  pages: [
    {
      path: /^\/directory$/,
      async render(ctx) {
        const directory = await directoryOf(ctx)
        return {title: 'Directory sync (SCIM)', body: directory ? directoryPage(ctx, directory) : setupForm(ctx)}
      },
    },
  ],
  actions: [
    {
      path: /^\/directory$/,
      back: () => '/directory',
      async run(ctx, _match, form) {
        const provider = SCIM_PROVIDERS.find(([name]) => name === form.get('provider'))?.[0]
        if (!provider)
          throw invalidArgument(`choose a provider: ${SCIM_PROVIDERS.map(([, label]) => label).join(', ')}`)
        const {directory} = await ctx.deps.run(
          DirectoryService.method.createDirectory,
          {
            organizationId: ctx.organization.id,
            directory: {directoryType: DirectoryType.SCIM, directoryProvider: DirectoryProvider[provider]},
          },
          ctx.origin,
        )
        ctx.session.flash = {kind: 'ok', text: 'SCIM provisioning set up: generate a bearer token for your IdP'}
        if (directory?.enabled) ctx.session.events.push(uiEvent(directory))
      },
    },
    directoryAction('secret', async (ctx, directory) => {
      const request = {organizationId: ctx.organization.id, directoryId: directory.id}
      const {plainSecret} = activeSecret(directory)
        ? await ctx.deps.run(DirectoryService.method.regenerateDirectorySecret, request, ctx.origin)
        : await ctx.deps.run(DirectoryService.method.createDirectorySecret, request, ctx.origin)
      ctx.session.flash = {
        kind: 'ok',
        text: 'Copy this bearer token into your IdP now: it is shown this once and cannot be read again.',
        secret: plainSecret,
      }
    }),
    directoryAction('enable', (ctx, directory) => toggle(ctx, directory, true)),
    directoryAction('disable', (ctx, directory) => toggle(ctx, directory, false)),
  ],
}

/** A post to `/directory/<directory id>/<verb>` that acts on the organization's directory. */
function directoryAction(verb: string, act: (ctx: PortalContext, directory: Directory) => Promise<void>): ActionRoute {
  return {
    path: new RegExp(`^/directory/(dir_\\d+)/${verb}$`),
    back: () => '/directory',
    async run(ctx, match) {
      const {directory} = await ctx.deps.run(
        DirectoryService.method.getDirectory,
        {organizationId: ctx.organization.id, id: match[1]!},
        ctx.origin,
      )
      await act(ctx, directory!)
    },
  }
}

async function toggle(ctx: PortalContext, directory: Directory, enable: boolean): Promise<void> {
  const method = enable ? DirectoryService.method.enableDirectory : DirectoryService.method.disableDirectory
  const {enabled} = await ctx.deps.run(method, {organizationId: ctx.organization.id, id: directory.id}, ctx.origin)
  ctx.session.events.push(uiEvent({...directory, enabled}))
  ctx.session.flash = {kind: 'ok', text: `SCIM provisioning ${enabled ? 'enabled' : 'disabled'}`}
}

/** The organization's directory (Scalekit's portal manages one per organization: the first). */
async function directoryOf(ctx: PortalContext): Promise<Directory | undefined> {
  const {directories} = await ctx.deps.run(
    DirectoryService.method.listDirectories,
    {organizationId: ctx.organization.id},
    ctx.origin,
  )
  return directories[0]
}

function activeSecret(directory: Directory) {
  return directory.secrets.find((secret) => secret.status === SecretStatus.ACTIVE)
}

function uiEvent(directory: Pick<Directory, 'id' | 'organizationId' | 'directoryProvider' | 'enabled'>) {
  const provider = DirectoryProvider[directory.directoryProvider] ?? String(directory.directoryProvider)
  return directoryToggled({id: directory.id, organizationId: directory.organizationId, provider}, directory.enabled)
}

function providerLabel(directory: Directory): string {
  const name = DirectoryProvider[directory.directoryProvider]
  return (
    SCIM_PROVIDERS.find(([provider]) => provider === name)?.[1] ??
    enumWords(DirectoryProvider, directory.directoryProvider)
  )
}

function summary(directory: Directory): string {
  const state = directory.enabled ? 'enabled' : 'disabled'
  return `${providerLabel(directory)} directory ${directory.id}: ${state}, ${directory.totalUsers} users, ${directory.totalGroups} groups.`
}

function setupForm(ctx: PortalContext): SafeHtml {
  return html`<p>
      Let your identity provider create, update and remove this organization's users and groups over SCIM 2.0.
    </p>
    ${postForm(ctx, '/directory', selectField('Identity provider', 'provider', SCIM_PROVIDERS), 'Set up SCIM provisioning')}`
}

function directoryPage(ctx: PortalContext, directory: Directory): SafeHtml {
  const path = `/directory/${directory.id}`
  const secret = activeSecret(directory)
  return html`<dl>
      <dt>Directory</dt>
      <dd>${directory.id}</dd>
      <dt>Identity provider</dt>
      <dd>${providerLabel(directory)}</dd>
      <dt>State</dt>
      <dd id="directory-state">${directory.enabled ? 'enabled' : 'disabled'}</dd>
      <dt>Status</dt>
      <dd>${directory.status.toLowerCase().replace(/_/g, ' ')}</dd>
      <dt>SCIM endpoint URL</dt>
      <dd><code id="scim-endpoint">${directory.directoryEndpoint}</code></dd>
      <dt>Bearer token</dt>
      <dd id="secret-state">${secret ? `set (ends in …${secret.secretSuffix})` : 'none yet'}</dd>
      <dt>Provisioned</dt>
      <dd>${directory.totalUsers} users, ${directory.totalGroups} groups</dd>
    </dl>
    ${postForm(ctx, `${path}/secret`, '', secret ? 'Regenerate bearer token' : 'Generate bearer token', {inline: true})}
    ${
      directory.enabled
        ? postForm(ctx, `${path}/disable`, '', 'Disable SCIM provisioning', {inline: true})
        : postForm(ctx, `${path}/enable`, '', 'Enable SCIM provisioning', {inline: true})
    }
    ${secret ? html`<p class="muted">Regenerating replaces the token: the IdP's current one stops working at once.</p>` : ''}`
}
