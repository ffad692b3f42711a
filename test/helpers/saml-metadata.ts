/** IdP metadata as Okta, Entra and others export it, with the parts a test wants to change. */
export function idpMetadata(
  options: {
    certificates?: string[]
    entityId?: string | null
    ssoUrl?: string
    binding?: string
    extra?: string
  } = {},
): string {
  const {
    certificates = [],
    entityId = 'http://www.okta.com/exk1fake',
    ssoUrl = 'https://acme.okta.com/app/acme/sso/saml',
    binding = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
    extra = '',
  } = options
  const keys = certificates
    .map(
      (certificate) => `
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>`,
    )
    .join('')
  const id = entityId === null ? '' : ` entityID="${entityId}"`
  return `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"${id}>
  <md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${keys}
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="${binding}" Location="${ssoUrl}"/>${extra}
  </md:IDPSSODescriptor>
</md:EntityDescriptor>
`
}
