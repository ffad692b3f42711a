import {randomInt} from 'node:crypto'
import {SignJWT} from 'jose'
import {matchingSecrets} from '../credentials/hashed-secret.js'
import type {Store} from '../store/store.js'
import type {SigningKey} from './signing-key.js'
import {OAuthError, type TokenResponse} from './token-endpoint.js'

const M2M_CLIENT_PREFIX = 'm2morg_'

/** The client-credentials grant of organizations' M2M clients, whose secrets live in the store. */
export interface M2MGrant {
  /** Whether `clientId` names an M2M client (whether or not it exists): then this grant answers for it. */
  handles(clientId: string): boolean
  grant(
    credentials: {clientId: string; clientSecret: string},
    params: URLSearchParams,
    issuer: string,
  ): Promise<TokenResponse>
}

export function createM2MGrant(store: Store, key: SigningKey): M2MGrant {
  return {
    handles: (clientId) => clientId.startsWith(M2M_CLIENT_PREFIX),
    async grant({clientId, clientSecret}, params, issuer) {
      const client = store.m2mClients.get(clientId)
      // One answer for an unknown client and a wrong secret, so the endpoint does not reveal which client ids exist.
      const [secret] = matchingSecrets(client?.secrets ?? [], clientSecret)
      if (!client || !secret || !store.organizations.get(client.organizationId)) {
        throw new OAuthError(401, 'invalid_client', 'client authentication failed')
      }
      if (params.get('grant_type') !== 'client_credentials') {
        throw new OAuthError(400, 'unauthorized_client', 'M2M clients may use the client_credentials grant only')
      }
      const scopes = requestedScopes(params.get('scope'), client.scopes)
      const now = Date.now()
      const seconds = Math.floor(now / 1000)
      const claims = Object.fromEntries(client.customClaims.map(({key: name, value}) => [name, value]))
      let jwt = new SignJWT({...claims, client_id: client.id, oid: client.organizationId, scopes})
        .setProtectedHeader({alg: 'RS256', kid: key.kid, typ: 'JWT'})
        .setIssuer(issuer)
        .setSubject(client.id)
        .setIssuedAt(seconds)
        .setNotBefore(seconds)
        .setExpirationTime(seconds + client.expirySeconds)
        .setJti(`tkn_${now}${randomInt(10_000).toString().padStart(4, '0')}`)
      if (client.audience.length > 0) jwt = jwt.setAudience(client.audience)
      const accessToken = await jwt.sign(key.privateKey)
      const secrets = client.secrets.map((s) => (s.id === secret.id ? {...s, lastUsedTime: now} : s))
      store.m2mClients.put({...client, secrets})
      return {
        access_token: accessToken,
        token_type: 'Bearer',
        expires_in: client.expirySeconds,
        scope: scopes.join(' '),
      }
    },
  }
}

/** Without `scope` a token carries every scope of the client; with it, the ones asked for, each of which it holds. */
function requestedScopes(scope: string | null, granted: string[]): string[] {
  if (scope === null || scope.trim() === '') return granted
  const asked = [...new Set(scope.trim().split(/\s+/))]
  const unknown = asked.filter((name) => !granted.includes(name))
  if (unknown.length > 0) {
    throw new OAuthError(400, 'invalid_scope', `the client was not granted: ${unknown.join(' ')}`)
  }
  return asked
}
