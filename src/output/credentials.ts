import type {ApiTokenJson} from '../api/api-tokens.js'
import type {ClientSecretJson, M2MClientJson} from '../api/m2m-clients.js'
import {day} from './format.js'
import {count} from './plural.js'
import type {Column} from './table.js'

const claimsText = (claims: Array<[string, string]>) => claims.map(([k, v]) => `${k}=${v}`).join(', ')

export const apiTokenColumns: Column<ApiTokenJson>[] = [
  {header: 'ID', value: (t) => t.tokenId},
  {header: 'ENDS IN', value: (t) => `…${t.tokenSuffix}`},
  {header: 'USER', value: (t) => t.email ?? t.userId},
  {header: 'DESCRIPTION', value: (t) => t.description},
  {header: 'CLAIMS', value: (t) => claimsText(Object.entries(t.customClaims))},
  {header: 'EXPIRES', value: (t) => day(t.expiry) ?? 'never'},
  {header: 'CREATED', value: (t) => day(t.createdAt)},
]

export function apiTokenRecord(token: ApiTokenJson): Array<[string, string | undefined]> {
  return [
    ['id', token.tokenId],
    ['organization', token.organizationId],
    ['user', token.userId && (token.email ? `${token.userId} (${token.email})` : token.userId)],
    ['description', token.description],
    ['claims', claimsText(Object.entries(token.customClaims))],
    ['expires', token.expiry ?? 'never'],
    ['created', token.createdAt],
  ]
}

/** Seconds as the largest whole unit: 3600 → `1h`, 90 → `90s`. */
export function lifetimeText(seconds: string | number): string {
  const n = Number(seconds)
  if (n > 0 && n % 3600 === 0) return `${n / 3600}h`
  if (n > 0 && n % 60 === 0) return `${n / 60}m`
  return `${n}s`
}

export const m2mClientColumns: Column<M2MClientJson>[] = [
  {header: 'ID', value: (c) => c.clientId},
  {header: 'NAME', value: (c) => c.name},
  {header: 'SCOPES', value: (c) => c.scopes.join(' ')},
  {header: 'TOKEN LIFETIME', value: (c) => lifetimeText(c.expiry)},
  {header: 'SECRETS', value: (c) => c.secrets.length},
  {header: 'CREATED', value: (c) => day(c.createTime)},
]

/** One secret as a line: its id, the characters it ends in, and when it was made and last used. */
export function secretLine(secret: ClientSecretJson): string {
  const used = secret.lastUsedTime ? `, last used ${secret.lastUsedTime}` : ''
  return `${secret.id} …${secret.secretSuffix} (created ${secret.createTime ?? '?'}${used})`
}

export function m2mClientRecord(client: M2MClientJson): Array<[string, string | undefined]> {
  return [
    ['id', client.clientId],
    ['name', client.name],
    ['description', client.description],
    ['organization', client.organizationId],
    ['scopes', client.scopes.join(' ')],
    ['audience', client.audience.join(' ')],
    ['claims', claimsText(client.customClaims.map(({key, value}) => [key, value]))],
    ['token lifetime', lifetimeText(client.expiry)],
    [`secrets`, client.secrets.length === 0 ? 'none' : count(client.secrets.length, 'secret')],
    ...client.secrets.map((secret): [string, string] => ['', secretLine(secret)]),
    ['created', client.createTime],
    ['updated', client.updateTime],
  ]
}
