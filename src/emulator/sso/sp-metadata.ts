import {ConnectionType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {type HttpResponse, send} from '../http/http-util.js'
import {escapeHtml} from '../pages/html.js'
import {serviceProviderUrls} from '../services/connection-messages.js'
import type {Store} from '../store/store.js'

/** `/sso/v1/saml/<connection id>/metadata`: the SP metadata URL that GetConnection hands out for SAML connections. */
export const SP_METADATA_PATH = /^\/sso\/v1\/saml\/(conn_\d+)\/metadata$/

/**
 * The service provider's SAML metadata for one connection, for IdPs that import it instead of having the entity id
 * and ACS URL typed in. The emulator signs nothing, so the metadata carries no certificate.
 */
export function handleSpMetadata(response: HttpResponse, connectionId: string, origin: string, store: Store): void {
  const connection = store.connections.get(connectionId)
  if (!connection?.organizationId || connection.type !== ConnectionType.SAML) {
    send(response, 404, 'text/plain; charset=utf-8', `no SAML connection ${connectionId}\n`)
    return
  }
  const sp = serviceProviderUrls(origin, connection)
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeHtml(sp.spEntityId)}">
  <md:SPSSODescriptor AuthnRequestsSigned="false" WantAssertionsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${escapeHtml(sp.spAssertionUrl)}" index="0" isDefault="true"/>
  </md:SPSSODescriptor>
</md:EntityDescriptor>
`
  send(response, 200, 'application/samlmetadata+xml; charset=utf-8', xml)
}
