import {Flags} from '@oclif/core'

import {authorizationUrl} from '../../api/sso.js'
import {ApiCommand} from '../../base-command.js'
import {selectorFlags, selectorsFrom} from '../../sso/selectors.js'
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
    ...selectorFlags,
    'redirect-uri': Flags.string({
      description: `Registered callback URL. [default: http://127.0.0.1:${DEFAULT_SSO_PORT}/callback]`,
    }),
  }
  static override summary = 'Print the authorization URL an SSO test would use.'

  async run(): Promise<AuthorizeUrlResult> {
    const {flags} = this
    const selectors = selectorsFrom(flags)
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
