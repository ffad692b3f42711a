import {Flags} from '@oclif/core'

import {authorizationUrl} from '../../api/sso.js'
import {ApiCommand} from '../../base-command.js'
import {usageError} from '../../errors.js'
import {challengeFor, createVerifier, randomToken} from '../../sso/pkce.js'
import {ssoTarget} from '../../sso/report.js'
import {DEFAULT_SSO_PORT} from './test.js'

export interface AuthorizeUrlResult {
  codeVerifier: string
  nonce: string
  redirectUri: string
  state: string
  url: string
}

export default class SsoAuthorizeUrl extends ApiCommand<typeof SsoAuthorizeUrl> {
  static override description = `Prints the authorization URL skctl sso test would open — with the selectors you pass, PKCE S256, a fresh state and nonce — for use in another tool. With --json it also gives the state, nonce and code verifier needed to finish the exchange.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> --org org_59615193906282635',
    '<%= config.bin %> <%= command.id %> --login-hint jane@example.com --redirect-uri https://app.example.com/callback --json',
  ]
  static override flags = {
    connection: Flags.string({description: 'Select this connection (conn_…).'}),
    domain: Flags.string({description: 'Select the connection of this email domain.'}),
    'login-hint': Flags.string({description: "A user's email; its domain selects the connection."}),
    org: Flags.string({
      description: 'Select the first enabled connection of this organization (org_… or external id).',
    }),
    'redirect-uri': Flags.string({
      description: `Registered callback URL. [default: http://127.0.0.1:${DEFAULT_SSO_PORT}/callback]`,
    }),
  }
  static override summary = 'Print the authorization URL an SSO test would use.'

  async run(): Promise<AuthorizeUrlResult> {
    const {flags} = this
    const selectors = {
      connectionId: flags.connection,
      domain: flags.domain,
      loginHint: flags['login-hint'],
      organizationId: flags.org,
    }
    if (!Object.values(selectors).some(Boolean)) {
      throw usageError('choose what to sign in to', 'pass --org, --connection, --domain or --login-hint')
    }
    const api = await this.api()
    const codeVerifier = createVerifier()
    const state = randomToken()
    const nonce = randomToken()
    const redirectUri = flags['redirect-uri'] ?? `http://127.0.0.1:${DEFAULT_SSO_PORT}/callback`
    const url = await authorizationUrl(api, {
      ...(await ssoTarget(api, selectors)),
      codeChallenge: challengeFor(codeVerifier),
      nonce,
      redirectUri,
      state,
    })
    this.log(url)
    return {codeVerifier, nonce, redirectUri, state, url}
  }
}
