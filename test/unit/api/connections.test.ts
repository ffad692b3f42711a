import {describe, expect, it} from 'vitest'

import {type ConnectionJson, maskSecrets, parseEmailDomain} from '../../../src/api/connections.js'

describe('parseEmailDomain', () => {
  it('takes a domain, or the domain of an email address', () => {
    expect(parseEmailDomain('Acme.com')).toBe('acme.com')
    expect(parseEmailDomain('Jane.Doe@Acme.com')).toBe('acme.com')
  })

  it('refuses an email without a domain and anything that is not a host name', () => {
    expect(() => parseEmailDomain('jane@')).toThrow(expect.objectContaining({exit: 2}))
    expect(() => parseEmailDomain('jane@acme')).toThrow(expect.objectContaining({exit: 2}))
    expect(() => parseEmailDomain('https://acme.com')).toThrow(expect.objectContaining({exit: 2}))
  })
})

describe('maskSecrets', () => {
  const connection = (settings: Partial<ConnectionJson>) => ({id: 'conn_1', ...settings}) as ConnectionJson

  it('masks client secrets and service-account keys, and leaves the rest', () => {
    const masked = maskSecrets(
      connection({
        googleDwdConfig: {serviceAccountJson: '{"private_key":"k"}'},
        oauthConfig: {clientId: 'id', clientSecret: 'oauth-secret'},
        oidcConfig: {clientId: 'client', clientSecret: 'oidc-secret', issuer: 'https://idp'},
      }),
    )
    expect(masked.oidcConfig).toEqual({clientId: 'client', clientSecret: '****', issuer: 'https://idp'})
    expect(masked.oauthConfig).toEqual({clientId: 'id', clientSecret: '****'})
    expect(masked.googleDwdConfig).toEqual({serviceAccountJson: '****'})
    expect(JSON.stringify(masked)).not.toMatch(/secret"|private_key/)
  })

  it('leaves absent or empty secrets as they are', () => {
    expect(maskSecrets(connection({oidcConfig: {clientSecret: ''}})).oidcConfig).toEqual({clientSecret: ''})
    expect(maskSecrets(connection({samlConfig: {idpEntityId: 'e'}})).samlConfig).toEqual({idpEntityId: 'e'})
  })
})
