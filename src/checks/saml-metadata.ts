import {X509Certificate} from 'node:crypto'

import {type Document, DOMParser, type Element} from '@xmldom/xmldom'

// SAML IdP metadata and IdP settings, checked before they are sent to Scalekit and again by `connections check`.
// The XML is read with a DOM parser that never fetches anything; a DOCTYPE is refused outright, since metadata has
// no use for one and it is how external-entity (XXE) attacks begin.

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata'
const DS = 'http://www.w3.org/2000/09/xmldsig#'
const BINDINGS = {
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect': 'HTTP_REDIRECT',
  'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST': 'HTTP_POST',
} as const
const DAY_MS = 86_400_000
export const EXPIRY_WARNING_DAYS = 30
const MIN_RSA_BITS = 2048

/** Stable ids: scripts and CI match on them. */
export type MetadataRule =
  | 'certificate-expired'
  | 'certificate-expiring'
  | 'certificate-missing'
  | 'certificate-unparseable'
  | 'certificate-weak-key'
  | 'entity-id-missing'
  | 'idp-descriptor-missing'
  | 'metadata-doctype'
  | 'metadata-malformed'
  | 'metadata-unreachable'
  | 'sha1-declared'
  | 'sso-url-missing'
  | 'sso-url-not-https'

export interface MetadataFinding {
  /** What to ask the customer's IT admin for. */
  ask: string
  /** The element (or setting) the finding is about, e.g. `md:SingleSignOnService`. */
  element: string
  message: string
  rule: MetadataRule
  /** Errors stop a create or update (exit 2); warnings are printed and the command proceeds. */
  severity: 'error' | 'warning'
}

/** The IdP settings a connection needs, as read from metadata or given by hand. */
export interface IdpSettings {
  /** PEM text of the signing certificate. */
  certificate?: string
  entityId?: string
  ssoBinding?: 'HTTP_POST' | 'HTTP_REDIRECT'
  ssoUrl?: string
}

export interface IdpCheck {
  findings: MetadataFinding[]
  ok: boolean
  settings: IdpSettings
}

const finding = (
  severity: MetadataFinding['severity'],
  rule: MetadataRule,
  element: string,
  message: string,
  ask: string,
): MetadataFinding => ({ask, element, message, rule, severity})

const result = (settings: IdpSettings, findings: MetadataFinding[]): IdpCheck => ({
  findings,
  ok: !findings.some((f) => f.severity === 'error'),
  settings,
})

/** Parses IdP metadata and checks it: entity id, an https sign-in URL with a usable binding, the certificate. */
export function checkSamlMetadata(xml: string, now = Date.now()): IdpCheck {
  const errors: string[] = []
  let doc: Document | undefined
  try {
    doc = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') errors.push(message)
      },
    }).parseFromString(xml, 'text/xml')
  } catch (error) {
    // Fatal errors (unclosed tags, no root) are thrown, not only reported.
    errors.push((error as Error).message)
  }
  // Checked before anything else, since an undeclared-entity error would otherwise hide it.
  if (doc?.doctype) {
    return result({}, [
      finding(
        'error',
        'metadata-doctype',
        '<!DOCTYPE>',
        'the metadata declares a DOCTYPE, which IdP metadata never needs; it is refused unread (it can carry external entities)',
        'ask for the metadata exactly as the IdP exports it (its metadata URL or download button)',
      ),
    ])
  }
  const root = doc?.documentElement
  if (errors.length > 0 || !root) {
    const reason = (errors[0] ?? 'no root element').split('\n')[0]
    return result({}, [
      finding(
        'error',
        'metadata-malformed',
        'document',
        `the metadata is not well-formed XML: ${reason}`,
        'ask for the metadata file again, downloaded from the IdP rather than copied by hand',
      ),
    ])
  }

  const findings: MetadataFinding[] = []
  const entity =
    root.localName === 'EntityDescriptor' && root.namespaceURI === MD
      ? root
      : elements(root, MD, 'EntityDescriptor').find((e) => elements(e, MD, 'IDPSSODescriptor').length > 0)
  const idp = entity ? elements(entity, MD, 'IDPSSODescriptor')[0] : undefined
  const settings: IdpSettings = {}
  const entityId = entity?.getAttribute('entityID')?.trim()
  if (entityId) settings.entityId = entityId

  if (!idp) {
    findings.push(
      finding(
        'error',
        'idp-descriptor-missing',
        'md:IDPSSODescriptor',
        'the metadata describes no identity provider (no md:IDPSSODescriptor): it may be service-provider metadata',
        "ask for the IdP's metadata (the identity provider's, not ours)",
      ),
    )
  } else {
    const services = elements(idp, MD, 'SingleSignOnService')
    const usable = services.find((s) => (s.getAttribute('Binding') ?? '') in BINDINGS)
    if (usable) {
      settings.ssoUrl = usable.getAttribute('Location')?.trim() ?? ''
      settings.ssoBinding = BINDINGS[usable.getAttribute('Binding') as keyof typeof BINDINGS]
    }
    const signing = elements(idp, MD, 'KeyDescriptor').filter((k) => (k.getAttribute('use') ?? 'signing') === 'signing')
    const certificates = signing.flatMap((k) => elements(k, DS, 'X509Certificate')).map((c) => text(c))
    const best = certificates.map((c) => ({c, x509: parseCertificate(c)})).find((c) => c.x509 && !expired(c.x509, now))
    const chosen = best?.c ?? certificates[0]
    if (chosen) settings.certificate = toPem(chosen)
    // Every signing certificate is checked; an expired one next to a valid one (a rollover) is only a warning.
    for (const certificate of certificates) {
      const element = 'md:KeyDescriptor[use=signing]/ds:X509Certificate'
      const found = certificateFindings(certificate, element, now)
      findings.push(
        ...(best && certificate !== best.c ? found.map((f) => ({...f, severity: 'warning' as const})) : found),
      )
    }
    if (certificates.length === 0) {
      findings.push(
        finding(
          'error',
          'certificate-missing',
          'md:KeyDescriptor[use=signing]/ds:X509Certificate',
          'the metadata has no signing certificate, so no SAML response could be verified',
          "ask for metadata that includes the IdP's signing certificate (or the certificate as a .pem/.cer file)",
        ),
      )
    }
  }
  findings.push(...valueFindings(settings, {entity: 'md:EntityDescriptor/@entityID', sso: 'md:SingleSignOnService'}))
  findings.push(...sha1Findings(root))
  return result(settings, findings)
}

/** The same checks for settings entered by hand (`--entity-id --sso-url --certificate`) or stored on a connection. */
export function checkIdpSettings(settings: IdpSettings, now = Date.now()): IdpCheck {
  const findings = valueFindings(settings, {entity: 'IdP entity ID', sso: 'IdP sign-in URL'})
  if (settings.certificate) {
    findings.push(...certificateFindings(settings.certificate, 'IdP signing certificate', now))
  } else {
    findings.push(
      finding(
        'error',
        'certificate-missing',
        'IdP signing certificate',
        'no signing certificate is configured, so no SAML response could be verified',
        "ask for the IdP's signing certificate (a .pem or .cer file)",
      ),
    )
  }
  const parsed = settings.certificate ? parseCertificate(settings.certificate) : undefined
  return result({...settings, ...(parsed ? {certificate: parsed.toString()} : {})}, findings)
}

function valueFindings(settings: IdpSettings, names: {entity: string; sso: string}): MetadataFinding[] {
  const findings: MetadataFinding[] = []
  if (!settings.entityId) {
    findings.push(
      finding(
        'error',
        'entity-id-missing',
        names.entity,
        'the IdP entity id (issuer) is missing',
        "ask for the IdP's entity ID, also called Issuer or Identity Provider Identifier",
      ),
    )
  }
  if (settings.ssoUrl === undefined) {
    findings.push(
      finding(
        'error',
        'sso-url-missing',
        names.sso,
        'there is no single sign-on URL with the HTTP-Redirect or HTTP-POST binding',
        "ask for the IdP's SAML 2.0 single sign-on URL (HTTP-Redirect or HTTP-POST binding)",
      ),
    )
  } else if (!isHttps(settings.ssoUrl)) {
    findings.push(
      finding(
        'error',
        'sso-url-not-https',
        names.sso,
        `the single sign-on URL ${settings.ssoUrl || '(empty)'} is not an https URL`,
        "ask for the IdP's https single sign-on URL",
      ),
    )
  }
  return findings
}

function certificateFindings(certificate: string, element: string, now: number): MetadataFinding[] {
  const x509 = parseCertificate(certificate)
  if (!x509) {
    return [
      finding(
        'error',
        'certificate-unparseable',
        element,
        'the signing certificate is not a readable X.509 certificate',
        "ask for the IdP's signing certificate again as a PEM (.pem/.cer) file",
      ),
    ]
  }
  const findings: MetadataFinding[] = []
  const validTo = Date.parse(x509.validTo)
  const subject = x509.subject.replaceAll('\n', ', ')
  if (validTo <= now) {
    findings.push(
      finding(
        'error',
        'certificate-expired',
        element,
        `the signing certificate (${subject}) expired on ${day(validTo)}`,
        "ask the customer's IT admin to rotate the IdP signing certificate and send the new metadata or certificate",
      ),
    )
  } else if (validTo - now < EXPIRY_WARNING_DAYS * DAY_MS) {
    const days = Math.ceil((validTo - now) / DAY_MS)
    findings.push(
      finding(
        'warning',
        'certificate-expiring',
        element,
        `the signing certificate (${subject}) expires on ${day(validTo)}, in ${days} ${days === 1 ? 'day' : 'days'}`,
        "ask the customer's IT admin to plan the IdP certificate rotation now and send the new certificate before it expires",
      ),
    )
  }
  const bits = x509.publicKey.asymmetricKeyDetails?.modulusLength
  if (x509.publicKey.asymmetricKeyType === 'rsa' && bits !== undefined && bits < MIN_RSA_BITS) {
    findings.push(
      finding(
        'warning',
        'certificate-weak-key',
        element,
        `the signing certificate's RSA key has ${bits} bits, under ${MIN_RSA_BITS}`,
        `ask for a signing certificate with an RSA key of at least ${MIN_RSA_BITS} bits`,
      ),
    )
  }
  return findings
}

/** Any algorithm the metadata declares (ds:SignatureMethod, ds:DigestMethod, alg:SigningMethod, …) that is SHA-1. */
function sha1Findings(root: Element): MetadataFinding[] {
  const declared = new Map<string, string>()
  for (const element of elements(root, '*', '*')) {
    const algorithm = element.getAttribute('Algorithm') ?? ''
    if (/sha1$/i.test(algorithm)) declared.set(element.tagName, algorithm)
  }
  return [...declared].map(([element, algorithm]) =>
    finding(
      'warning',
      'sha1-declared',
      element,
      `the metadata declares SHA-1 (${algorithm}), which is no longer considered secure`,
      'ask the IT admin to switch the IdP to SHA-256 signatures and send the updated metadata',
    ),
  )
}

function elements(parent: Element, namespace: string, name: string): Element[] {
  return Array.from(parent.getElementsByTagNameNS(namespace, name))
}

function text(element: Element): string {
  return (element.textContent ?? '').replace(/\s+/g, '')
}

/** PEM text, or the bare base64 DER that metadata carries. */
export function parseCertificate(certificate: string): X509Certificate | undefined {
  try {
    return new X509Certificate(certificate.includes('-----BEGIN') ? certificate : toPem(certificate))
  } catch {
    return undefined
  }
}

function toPem(base64: string): string {
  const body =
    base64
      .replace(/\s+/g, '')
      .match(/.{1,64}/g)
      ?.join('\n') ?? ''
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`
}

function expired(x509: X509Certificate, now: number): boolean {
  return Date.parse(x509.validTo) <= now
}

function isHttps(url: string): boolean {
  try {
    return new URL(url).protocol === 'https:'
  } catch {
    return false
  }
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)
