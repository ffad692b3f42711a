import {describe, expect, it} from 'vitest'

import {checkIdpSettings, checkSamlMetadata} from '../../../src/checks/saml-metadata.js'
import {makeCertificate, type TestCertificate} from '../../helpers/certificates.js'
import {idpMetadata} from '../../helpers/saml-metadata.js'

// Certificates are made once per file with openssl (their keys never leave a temporary directory).
let valid: TestCertificate
let expired: TestCertificate
let expiring: TestCertificate
let short: TestCertificate
const certificates = () => {
  valid ??= makeCertificate({days: 365})
  expired ??= makeCertificate({days: -2})
  expiring ??= makeCertificate({days: 10})
  short ??= makeCertificate({bits: 1024, days: 365})
}

const rules = (findings: Array<{rule: string; severity: string}>) => findings.map((f) => `${f.severity}:${f.rule}`)

describe('checkSamlMetadata', () => {
  it('reads the entity id, the sign-in URL with its binding and the signing certificate', () => {
    certificates()
    const check = checkSamlMetadata(idpMetadata({certificates: [valid.base64]}))
    expect(check.findings).toEqual([])
    expect(check.ok).toBe(true)
    expect(check.settings).toEqual({
      entityId: 'http://www.okta.com/exk1fake',
      ssoUrl: 'https://acme.okta.com/app/acme/sso/saml',
      ssoBinding: 'HTTP_REDIRECT',
      certificate: valid.pem,
    })
  })

  it('refuses an expired certificate and an http sign-in URL, naming the element and what to ask for', () => {
    certificates()
    const check = checkSamlMetadata(idpMetadata({certificates: [expired.base64], ssoUrl: 'http://acme.example/sso'}))
    expect(check.ok).toBe(false)
    expect(rules(check.findings)).toEqual(['error:certificate-expired', 'error:sso-url-not-https'])
    const [cert, url] = check.findings
    expect(cert).toMatchObject({element: 'md:KeyDescriptor[use=signing]/ds:X509Certificate'})
    expect(cert?.message).toMatch(/^the signing certificate \(CN=idp\.example\) expired on \d{4}-\d\d-\d\d$/)
    expect(cert?.ask).toContain('rotate the IdP signing certificate')
    expect(url).toMatchObject({element: 'md:SingleSignOnService', ask: "ask for the IdP's https single sign-on URL"})
  })

  it('warns about a certificate expiring within 30 days, a key under 2048 bits and SHA-1', () => {
    certificates()
    const sha1 = '<ds:SignatureMethod Algorithm="http://www.w3.org/2000/09/xmldsig#rsa-sha1"/>'
    const soon = checkSamlMetadata(idpMetadata({certificates: [expiring.base64], extra: sha1}))
    expect(soon.ok).toBe(true)
    expect(rules(soon.findings)).toEqual(['warning:certificate-expiring', 'warning:sha1-declared'])
    expect(soon.findings[0]?.message).toMatch(/expires on \d{4}-\d\d-\d\d, in 10 days$/)
    expect(soon.findings[1]).toMatchObject({element: 'ds:SignatureMethod'})
    const weak = checkSamlMetadata(idpMetadata({certificates: [short.base64]}))
    expect(rules(weak.findings)).toEqual(['warning:certificate-weak-key'])
    expect(weak.findings[0]?.message).toBe("the signing certificate's RSA key has 1024 bits, under 2048")
  })

  it('accepts a rollover: an expired certificate beside a valid one is a warning, and the valid one is used', () => {
    certificates()
    const check = checkSamlMetadata(idpMetadata({certificates: [expired.base64, valid.base64]}))
    expect(check.ok).toBe(true)
    expect(rules(check.findings)).toEqual(['warning:certificate-expired'])
    expect(check.settings.certificate).toBe(valid.pem)
  })

  it('reports what is missing: entity id, a usable binding, the certificate', () => {
    const check = checkSamlMetadata(
      idpMetadata({entityId: null, binding: 'urn:oasis:names:tc:SAML:2.0:bindings:SOAP', certificates: []}),
    )
    expect(rules(check.findings)).toEqual([
      'error:certificate-missing',
      'error:entity-id-missing',
      'error:sso-url-missing',
    ])
    expect(check.findings.map((f) => f.element)).toEqual([
      'md:KeyDescriptor[use=signing]/ds:X509Certificate',
      'md:EntityDescriptor/@entityID',
      'md:SingleSignOnService',
    ])
    const garbled = checkSamlMetadata(idpMetadata({certificates: ['bm90IGEgY2VydGlmaWNhdGU=']}))
    expect(rules(garbled.findings)).toEqual(['error:certificate-unparseable'])
    const sp = checkSamlMetadata(
      '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x"><md:SPSSODescriptor/></md:EntityDescriptor>',
    )
    expect(rules(sp.findings)).toEqual(['error:idp-descriptor-missing', 'error:sso-url-missing'])
  })

  it('refuses malformed XML', () => {
    const check = checkSamlMetadata('<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"><unclosed>')
    expect(check.ok).toBe(false)
    expect(rules(check.findings)).toEqual(['error:metadata-malformed'])
    expect(check.findings[0]?.message).toMatch(/^the metadata is not well-formed XML: /)
    expect(rules(checkSamlMetadata('not xml at all').findings)).toEqual(['error:metadata-malformed'])
  })

  it('never resolves an external entity (XXE): a DOCTYPE is refused unread', () => {
    const xxe = `<?xml version="1.0"?>
<!DOCTYPE md:EntityDescriptor [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="&xxe;">
  <md:IDPSSODescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example/&xxe;"/></md:IDPSSODescriptor>
</md:EntityDescriptor>`
    const check = checkSamlMetadata(xxe)
    expect(rules(check.findings)).toEqual(['error:metadata-doctype'])
    expect(check.settings).toEqual({})
    expect(JSON.stringify(check)).not.toContain('root:')
  })
})

describe('checkIdpSettings', () => {
  it('checks settings entered by hand the same way', () => {
    certificates()
    const good = checkIdpSettings({entityId: 'urn:idp', ssoUrl: 'https://idp.example/sso', certificate: valid.pem})
    expect(good).toMatchObject({ok: true, findings: []})
    const bad = checkIdpSettings({entityId: '', ssoUrl: 'ftp://idp.example', certificate: expired.pem})
    expect(rules(bad.findings)).toEqual([
      'error:entity-id-missing',
      'error:sso-url-not-https',
      'error:certificate-expired',
    ])
    expect(bad.findings.map((f) => f.element)).toEqual(['IdP entity ID', 'IdP sign-in URL', 'IdP signing certificate'])
  })
})
