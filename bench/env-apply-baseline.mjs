// The baseline for `skctl env apply`: the least a script can do to make the same organizations with the SDK — for
// each, create it, its three roles, its two domains and its connection (created, configured and enabled: the SDK has
// no method to create one, so the generated ConnectionService RPC goes through the SDK's own transport, as skctl's
// does), one organization's calls after another, `concurrency` organizations at a time. No file, plan or retries.
// Usage: node bench/env-apply-baseline.mjs COUNT CONCURRENCY
import {ScalekitClient} from '@scalekit-sdk/node'
import {
  ConnectionProvider,
  ConnectionType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {DomainType} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/domains/domains_pb.js'

import {benchOrganization, ENV_SECRET} from './env-data.mjs'

const [count, concurrency] = process.argv.slice(2).map(Number)
const {SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET, SCALEKIT_ENVIRONMENT_URL} = process.env
const sk = new ScalekitClient(SCALEKIT_ENVIRONMENT_URL, SCALEKIT_CLIENT_ID, SCALEKIT_CLIENT_SECRET)
await sk.organization.listOrganization({pageSize: 1}) // mint the token before fanning out

/** A generated RPC the SDK has no method for, through the SDK's transport, token and retries. */
const rpc = (service, method, request) => sk.coreClient.connectExec(sk[service].client[method], request)

async function make(i) {
  const org = benchOrganization(i)
  const {organization} = await rpc('organization', 'createOrganization', {
    organization: {displayName: org.name, externalId: org.key, metadata: {}},
  })
  const id = organization.id
  for (const [name, role] of Object.entries(org.roles)) {
    await sk.role.createOrganizationRole(id, {name, ...role, permissions: []})
  }
  for (const domain of org.domains)
    await sk.domain.createDomain(id, domain, {domainType: DomainType.ORGANIZATION_DOMAIN})
  const c = org.connection
  const {connection} = await rpc('connection', 'createConnection', {
    connection: {provider: ConnectionProvider.OKTA, type: ConnectionType.OIDC},
    organizationId: id,
  })
  await rpc('connection', 'updateConnection', {
    connection: {
      provider: connection.provider,
      providerKey: connection.providerKey,
      settings: {case: 'oidcConfig', value: {...c.oidc, clientSecret: ENV_SECRET}},
      type: connection.type,
      uiButtonTitle: c.uiButtonTitle,
    },
    id: connection.id,
    organizationId: id,
  })
  await sk.connection.enableConnection(id, connection.id)
}

let next = 0
await Promise.all(
  Array.from({length: concurrency}, async () => {
    while (next < count) await make(next++)
  }),
)
