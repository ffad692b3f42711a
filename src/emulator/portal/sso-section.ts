import {create, fromJson, type JsonObject} from '@bufbuild/protobuf'
import {
  ConnectionProvider,
  ConnectionService,
  ConnectionStatus,
  ConnectionType,
  NameIdFormat,
  OIDCConnectionConfigSchema,
  OIDCScope,
  RequestBinding,
  SAMLConnectionConfigRequestSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {html, type SafeHtml} from '../pages/html.js'
import {invalidArgument, notFound} from '../rpc/errors.js'
import {serviceProviderUrls} from '../services/connection-messages.js'
import type {ConnectionRecord} from '../store/records.js'
import {finishSimulatorTest, probeIdp, startSimulatorTest, TEST_RESULT_PATH} from './connection-test.js'
import type {ActionRoute, PortalContext, PortalSection} from './context.js'
import {enumWords, IDP_PROVIDERS, providerLabel} from './labels.js'
import {postForm, selectField, textField} from './layout.js'
import {ssoToggled} from './ui-events.js'

const CONNECTION = /^\/sso\/(conn_\d+)$/
const KINDS: ReadonlyArray<[string, string]> = [
  ['simulator', 'IdP simulator (test sign-ins with any user you type)'],
  ['oidc', 'OIDC'],
  ['saml', 'SAML'],
]

/** SSO connections: add one, configure it, test it, enable or disable it. */
export const ssoSection: PortalSection = {
  nav: {path: '/sso', label: 'Single sign-on'},
  overview: (ctx) =>
    html`<h3>SSO connections</h3>
      ${connectionTable(ctx, connectionsOf(ctx))}`,
  pages: [
    {
      path: /^\/sso$/,
      render: (ctx) => ({
        title: 'Single sign-on',
        body: html`${connectionTable(ctx, connectionsOf(ctx))}
          <h3>Add a connection</h3>
          ${postForm(
            ctx,
            '/sso',
            html`${selectField('Identity provider type', 'kind', KINDS)}
            ${selectField('Provider (OIDC and SAML)', 'provider', IDP_PROVIDERS)}`,
            'Add connection',
          )}`,
      }),
    },
    {
      path: new RegExp(`^${TEST_RESULT_PATH}$`),
      async render(ctx, _match, query) {
        const outcome = await finishSimulatorTest(ctx, query)
        if (!outcome) {
          return {
            status: 400,
            title: 'Test connection',
            body: html`<p class="error" role="alert">
              This test result is unknown or was already shown: run the test again from the connection's page.
            </p>`,
          }
        }
        return {
          title: 'Test connection',
          body: html`<p class="flash ${outcome.passed ? 'ok' : 'error'}" id="test-result">
              <strong>${outcome.passed ? 'Passed' : 'Failed'}:</strong> ${outcome.summary}
            </p>
            <dl>
              ${outcome.details.map(
                ([name, value]) =>
                  html`<dt>${name}</dt>
                    <dd>${value}</dd>`,
              )}
            </dl>
            <p><a href="${`${ctx.base}/sso/${outcome.connectionId}`}">Back to the connection</a></p>`,
        }
      },
    },
    {
      path: CONNECTION,
      render(ctx, match) {
        const connection = connectionOf(ctx, match[1]!)
        if (!connection) {
          return {
            status: 404,
            title: 'Connection not found',
            body: html`<p>No such connection in this organization.</p>`,
          }
        }
        return {title: `${providerLabel(connection.provider)} connection`, body: connectionPage(ctx, connection)}
      },
    },
  ],
  actions: [
    {
      path: /^\/sso$/,
      back: () => '/sso',
      async run(ctx, _match, form) {
        const {connection} = await ctx.deps.run(
          ConnectionService.method.createConnection,
          {organizationId: ctx.organization.id, connection: newConnection(form)},
          ctx.origin,
        )
        ctx.session.flash = {kind: 'ok', text: 'Connection added'}
        return `${ctx.base}/sso/${connection?.id}`
      },
    },
    connectionAction('settings', async (ctx, connection, form) => {
      await ctx.deps.run(
        ConnectionService.method.updateConnection,
        {organizationId: ctx.organization.id, id: connection.id, connection: settingsUpdate(connection, form)},
        ctx.origin,
      )
      ctx.session.flash = {kind: 'ok', text: 'Settings saved'}
    }),
    connectionAction('enable', (ctx, connection) => toggle(ctx, connection, true)),
    connectionAction('disable', (ctx, connection) => toggle(ctx, connection, false)),
    connectionAction('test', async (ctx, connection) => {
      if (connection.provider === ConnectionProvider.IDP_SIMULATOR) return startSimulatorTest(ctx, connection)
      ctx.session.flash = await probeIdp(ctx, connection)
    }),
  ],
}

/** A post to `/sso/<connection id>/<verb>` that acts on one of the organization's connections. */
function connectionAction(
  verb: string,
  act: (ctx: PortalContext, connection: ConnectionRecord, form: URLSearchParams) => Promise<string | void>,
): ActionRoute {
  return {
    path: new RegExp(`^/sso/(conn_\\d+)/${verb}$`),
    back: (match) => `/sso/${match[1]}`,
    async run(ctx, match, form) {
      const connection = connectionOf(ctx, match[1]!)
      if (!connection) throw notFound(`connection ${match[1]} not found`)
      return act(ctx, connection, form)
    },
  }
}

async function toggle(ctx: PortalContext, connection: ConnectionRecord, enable: boolean): Promise<void> {
  const method = enable ? ConnectionService.method.enableConnection : ConnectionService.method.disableConnection
  const {enabled} = await ctx.deps.run(method, {organizationId: ctx.organization.id, id: connection.id}, ctx.origin)
  ctx.session.events.push(ssoToggled(connectionOf(ctx, connection.id) ?? connection, enabled))
  ctx.session.flash = {kind: 'ok', text: `Connection ${enabled ? 'enabled' : 'disabled'}`}
}

function connectionsOf(ctx: PortalContext): ConnectionRecord[] {
  return ctx.deps.store.connections.listBy('organizationId', ctx.organization.id)
}

function connectionOf(ctx: PortalContext, id: string): ConnectionRecord | undefined {
  const connection = ctx.deps.store.connections.get(id)
  return connection?.organizationId === ctx.organization.id ? connection : undefined
}

/** The CreateConnection the add form asks for. */
function newConnection(form: URLSearchParams) {
  const kind = form.get('kind')
  if (kind === 'simulator') return {type: ConnectionType.OIDC, provider: ConnectionProvider.IDP_SIMULATOR}
  if (kind !== 'oidc' && kind !== 'saml') throw invalidArgument('choose OIDC, SAML or the IdP simulator')
  const provider = IDP_PROVIDERS.find(([name]) => name === form.get('provider'))?.[0]
  if (!provider) throw invalidArgument(`choose a provider: ${IDP_PROVIDERS.map(([, label]) => label).join(', ')}`)
  return {type: kind === 'oidc' ? ConnectionType.OIDC : ConnectionType.SAML, provider: ConnectionProvider[provider]}
}

/**
 * The UpdateConnection for the settings form: the stored settings with the form's fields changed, so settings
 * made through the API and not shown here are kept. A blank client secret keeps the stored one.
 */
function settingsUpdate(connection: ConnectionRecord, form: URLSearchParams) {
  const field = (name: string) => form.get(name)?.trim() || undefined
  // Without a provider the update would reset it to CUSTOM: name the one the connection has.
  const base = {provider: connection.provider, providerKey: connection.providerKey ?? ''}
  if (connection.type === ConnectionType.OIDC) {
    const config = connection.oidcConfig
      ? fromJson(OIDCConnectionConfigSchema, connection.oidcConfig)
      : create(OIDCConnectionConfigSchema)
    const url = field('issuer')
    const discovery = url?.includes('/.well-known/') ?? false
    config.issuer = discovery ? undefined : url
    config.discoveryEndpoint = discovery ? url : undefined
    config.clientId = field('client_id')
    config.clientSecret = field('client_secret') ?? config.clientSecret
    const scopes = (field('scopes') ?? '').split(/[\s,]+/).filter(Boolean)
    config.scopes = scopes.map((scope) => {
      const value = OIDCScope[scope as keyof typeof OIDCScope]
      if (value === undefined || value === OIDCScope.OIDC_SCOPE_UNSPECIFIED) {
        throw invalidArgument(`unknown scope ${scope}: use openid, profile, email, address or phone`)
      }
      return value
    })
    config.pkceEnabled = form.get('pkce_enabled') === 'on'
    return {...base, settings: {case: 'oidcConfig' as const, value: config}}
  }
  const config = connection.samlConfig
    ? fromJson(SAMLConnectionConfigRequestSchema, connection.samlConfig)
    : create(SAMLConnectionConfigRequestSchema)
  config.idpMetadataUrl = field('idp_metadata_url')
  config.idpEntityId = field('idp_entity_id')
  config.idpSsoUrl = field('idp_sso_url')
  config.idpCertificate = field('idp_certificate')
  config.idpSloUrl = field('idp_slo_url')
  config.idpNameIdFormat = NameIdFormat[(field('idp_name_id_format') ?? '') as keyof typeof NameIdFormat] ?? 0
  config.idpSsoRequestBinding =
    RequestBinding[(field('idp_sso_request_binding') ?? '') as keyof typeof RequestBinding] ?? 0
  return {...base, settings: {case: 'samlConfig' as const, value: config}}
}

function connectionTable(ctx: PortalContext, connections: ConnectionRecord[]): SafeHtml {
  if (connections.length === 0) return html`<p class="muted">No SSO connection yet.</p>`
  const rows = connections.map(
    (connection) =>
      html`<tr data-connection="${connection.id}">
        <td><a href="${`${ctx.base}/sso/${connection.id}`}">${connection.id}</a></td>
        <td>${ConnectionType[connection.type]}</td>
        <td>${providerLabel(connection.provider)}</td>
        <td>${enumWords(ConnectionStatus, connection.status)}</td>
        <td class="enabled">${connection.enabled ? 'enabled' : 'disabled'}</td>
      </tr>`,
  )
  return html`<table id="connections">
    <thead>
      <tr>
        <th>Connection</th>
        <th>Type</th>
        <th>Provider</th>
        <th>Status</th>
        <th>State</th>
      </tr>
    </thead>
    <tbody>
      ${rows}
    </tbody>
  </table>`
}

function connectionPage(ctx: PortalContext, connection: ConnectionRecord): SafeHtml {
  const path = `/sso/${connection.id}`
  const simulator = connection.provider === ConnectionProvider.IDP_SIMULATOR
  return html`<dl>
      <dt>Connection</dt>
      <dd>${connection.id}</dd>
      <dt>Type</dt>
      <dd>${ConnectionType[connection.type]}</dd>
      <dt>Status</dt>
      <dd id="status">${enumWords(ConnectionStatus, connection.status)}</dd>
      <dt>State</dt>
      <dd id="state">${connection.enabled ? 'enabled' : 'disabled'}</dd>
    </dl>
    ${identityProviderValues(ctx, connection)} ${settingsForm(ctx, connection)}
    <h3>Test and enable</h3>
    <p class="muted">
      ${
        simulator
          ? 'Test connection opens the IdP simulator in a new tab: sign in as any user and see what your application would receive.'
          : 'The emulator cannot sign in through a real IdP: Test connection checks the settings and whether the IdP answers.'
      }
    </p>
    ${postForm(ctx, `${path}/test`, '', 'Test connection', {inline: true, newTab: simulator})}
    ${
      connection.enabled
        ? postForm(ctx, `${path}/disable`, '', 'Disable connection', {inline: true})
        : postForm(ctx, `${path}/enable`, '', 'Enable connection', {inline: true})
    }`
}

function settingsForm(ctx: PortalContext, connection: ConnectionRecord): SafeHtml {
  const action = `/sso/${connection.id}/settings`
  if (connection.provider === ConnectionProvider.IDP_SIMULATOR) {
    return html`<p>The IdP simulator needs no settings: users sign in with whatever details they type on its page.</p>`
  }
  if (connection.type === ConnectionType.OIDC) {
    const config = connection.oidcConfig ?? {}
    const secretSet = typeof config.clientSecret === 'string' && config.clientSecret !== ''
    return html`<h3>OIDC settings</h3>
      ${postForm(
        ctx,
        action,
        html`${textField('Issuer or discovery URL', 'issuer', String(config.discoveryEndpoint ?? config.issuer ?? ''), {
          placeholder: 'https://acme.okta.com',
        })}
        ${textField('Client ID', 'client_id', String(config.clientId ?? ''))}
        ${textField('Client secret', 'client_secret', '', {
          type: 'password',
          hint: secretSet ? 'A secret is saved; leave blank to keep it.' : undefined,
        })}
        ${textField('Scopes', 'scopes', scopesOf(config), {placeholder: 'openid profile email'})}
        ${checkbox('Use PKCE', 'pkce_enabled', config.pkceEnabled === true)}`,
        'Save settings',
      )}`
  }
  const config = connection.samlConfig ?? {}
  const value = (name: string) => String(config[name] ?? '')
  return html`<h3>SAML settings</h3>
    ${postForm(
      ctx,
      action,
      html`${textField('IdP metadata URL (or fill in the three fields below)', 'idp_metadata_url', value('idpMetadataUrl'))}
        ${textField('IdP entity ID', 'idp_entity_id', value('idpEntityId'))}
        ${textField('IdP single sign-on URL', 'idp_sso_url', value('idpSsoUrl'))}
        <label for="idp_certificate">IdP signing certificate (PEM)</label>
        <textarea id="idp_certificate" name="idp_certificate">${value('idpCertificate')}</textarea>
        ${textField('IdP single logout URL (optional)', 'idp_slo_url', value('idpSloUrl'))}
        ${selectField('Name ID format', 'idp_name_id_format', NAME_ID_FORMATS, value('idpNameIdFormat'))}
        ${selectField('Sign-in request binding', 'idp_sso_request_binding', BINDINGS, value('idpSsoRequestBinding'))}`,
      'Save settings',
    )}`
}

const NAME_ID_FORMATS: ReadonlyArray<[string, string]> = [
  ['', 'Not set'],
  ['UNSPECIFIED', 'Unspecified'],
  ['EMAIL', 'Email address'],
  ['PERSISTENT', 'Persistent'],
  ['TRANSIENT', 'Transient'],
]
const BINDINGS: ReadonlyArray<[string, string]> = [
  ['', 'Not set'],
  ['HTTP_POST', 'HTTP-POST'],
  ['HTTP_REDIRECT', 'HTTP-Redirect'],
]

/** Stored scopes are protobuf JSON names (`openid`), shown space-separated. */
function scopesOf(config: JsonObject): string {
  return Array.isArray(config.scopes) ? config.scopes.join(' ') : ''
}

function checkbox(label: string, name: string, checked: boolean): SafeHtml {
  return html`<label
    ><input type="checkbox" id="${name}" name="${name}" ${checked ? html` checked` : ''} /> ${label}</label
  >`
}

/** What the customer's IT admin enters in their IdP for this connection (they come from the connection's id). */
function identityProviderValues(ctx: PortalContext, connection: ConnectionRecord): SafeHtml {
  if (connection.provider === ConnectionProvider.IDP_SIMULATOR) return html``
  const sp = serviceProviderUrls(ctx.origin, connection)
  const rows: Array<[string, string, string]> =
    connection.type === ConnectionType.OIDC
      ? [['Redirect URI', 'redirect-uri', sp.redirectUri]]
      : [
          ['SP entity ID (audience)', 'sp-entity-id', sp.spEntityId],
          ['ACS URL (single sign-on URL)', 'sp-acs-url', sp.spAssertionUrl],
          ['SP metadata URL', 'sp-metadata-url', sp.spMetadataUrl],
        ]
  return html`<h3>Enter these in your identity provider</h3>
    <dl id="idp-values">
      ${rows.map(
        ([name, id, value]) =>
          html`<dt>${name}</dt>
            <dd id="${id}"><code>${value}</code></dd>`,
      )}
    </dl>`
}
