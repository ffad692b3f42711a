import type {Api} from '../api/client.js'
import {getConnection} from '../api/connections.js'
import {fetchMetadata} from '../connections/settings-input.js'
import type {ConnectionFinding} from './connections.js'
import {checkIdpSettings, checkSamlMetadata, type IdpCheck, type MetadataFinding} from './saml-metadata.js'

/** The part of a listed connection the SAML checks need. */
interface ListedConnection {
  id: string
  status: string
  type: string
}

/**
 * The SAML checks of `connections create`, run on every configured SAML connection (drafts have nothing to check
 * yet): its metadata URL as the IdP publishes it today, else the entity id, sign-in URL and certificate stored.
 * An expiring IdP certificate is the most common cause of a sudden SSO outage, so it is a finding here too.
 */
export async function samlConnectionFindings(
  api: Api,
  organizationId: string,
  connections: ListedConnection[],
  now = Date.now(),
): Promise<ConnectionFinding[]> {
  const configured = connections.filter((c) => c.type === 'SAML' && c.status !== 'DRAFT')
  const checks = await Promise.all(
    configured.map(async (c) => ({id: c.id, check: await checkStored(api, organizationId, c.id, now)})),
  )
  return checks.flatMap(({id, check}) => check.findings.map((f) => toFinding(organizationId, id, f)))
}

async function checkStored(api: Api, organizationId: string, id: string, now: number): Promise<IdpCheck> {
  const connection = await getConnection(api, organizationId, id)
  const saml = connection.samlConfig ?? {}
  const text = (key: string) => (typeof saml[key] === 'string' && saml[key] ? (saml[key] as string) : undefined)
  const metadataUrl = text('idpMetadataUrl')
  if (metadataUrl) {
    try {
      return checkSamlMetadata(await fetchMetadata(metadataUrl), now)
    } catch (error) {
      const reason = (error as Error).message
      return {
        findings: [
          {
            ask: "ask the customer's IT admin whether the IdP's metadata URL changed, and for the current one",
            element: 'IdP metadata URL',
            message: `the IdP metadata cannot be read: ${reason}`,
            rule: 'metadata-unreachable',
            severity: 'error',
          },
        ],
        ok: false,
        settings: {},
      }
    }
  }
  const certificates = Array.isArray(saml.idpCertificates)
    ? (saml.idpCertificates as Array<{certificate?: string}>)
    : []
  return checkIdpSettings(
    {certificate: certificates[0]?.certificate, entityId: text('idpEntityId'), ssoUrl: text('idpSsoUrl')},
    now,
  )
}

function toFinding(organizationId: string, connectionId: string, finding: MetadataFinding): ConnectionFinding {
  const severity = finding.severity === 'warning' ? ' (warning)' : ''
  return {
    connectionId,
    fix: `${finding.ask}; then skctl connections update --org ${organizationId} ${connectionId} --metadata-file FILE`,
    message: `connection ${connectionId}${severity}: ${finding.element}: ${finding.message}`,
    organizationId,
    rule: finding.rule,
  }
}
