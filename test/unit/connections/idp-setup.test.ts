import {describe, expect, it} from 'vitest'

import type {ConnectionJson} from '../../../src/api/connections.js'
import {idpSetup} from '../../../src/connections/idp-setup.js'

const base: ConnectionJson = {
  attributeMapping: {},
  configurationType: 'CONFIGURATION_TYPE_UNSPECIFIED',
  debugEnabled: false,
  domains: [],
  enabled: false,
  id: 'conn_1',
  provider: 'OKTA',
  providerKey: '',
  status: 'DRAFT',
  testConnectionUri: '',
  type: 'SAML',
  uiButtonTitle: '',
}
const ENV = 'https://acme.scalekit.dev'

describe('idpSetup', () => {
  it('takes the values the API returns', () => {
    const saml = {spAssertionUrl: 'https://a/acs', spEntityId: 'https://a/sp', spMetadataUrl: 'https://a/md'}
    expect(idpSetup({...base, attributeMapping: {email: 'mail'}, samlConfig: saml}, ENV)).toEqual({
      acsUrl: 'https://a/acs',
      attributeMapping: {email: 'mail'},
      attributeMappingSource: 'connection',
      spEntityId: 'https://a/sp',
      spMetadataUrl: 'https://a/md',
    })
  })

  it('derives them from the environment URL as Scalekit forms them when the API leaves them out', () => {
    expect(idpSetup(base, ENV)).toMatchObject({
      acsUrl: `${ENV}/sso/v1/saml/conn_1/callback`,
      attributeMappingSource: 'default',
      spEntityId: `${ENV}/sso/v1/saml/conn_1`,
    })
    expect(idpSetup({...base, type: 'OIDC'}, ENV).redirectUri).toBe(`${ENV}/sso/v1/oidc/conn_1/callback`)
  })

  it('asks nothing of the IdP simulator but the attributes', () => {
    expect(idpSetup({...base, provider: 'IDP_SIMULATOR', type: 'OIDC'}, ENV)).toEqual({
      attributeMapping: {email: 'email', family_name: 'family_name', given_name: 'given_name'},
      attributeMappingSource: 'default',
    })
  })
})
