import {ConnectionProvider} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'

/** Providers an IT admin can pick for an OIDC or SAML connection, by enum name, with the names they know. */
export const IDP_PROVIDERS: ReadonlyArray<[keyof typeof ConnectionProvider, string]> = [
  ['OKTA', 'Okta'],
  ['MICROSOFT_AD', 'Microsoft Entra ID'],
  ['GOOGLE', 'Google Workspace'],
  ['ONELOGIN', 'OneLogin'],
  ['JUMPCLOUD', 'JumpCloud'],
  ['PING_IDENTITY', 'Ping Identity'],
  ['ADFS', 'AD FS'],
  ['AUTH0', 'Auth0'],
  ['CUSTOM', 'Other'],
]

/** `IN_PROGRESS` -> `in progress`: an enum value as words for a page. */
export function enumWords(names: Record<number, string>, value: number): string {
  return (names[value] ?? String(value)).toLowerCase().replace(/_/g, ' ')
}

export function providerLabel(provider: ConnectionProvider): string {
  if (provider === ConnectionProvider.IDP_SIMULATOR) return 'IdP simulator'
  return (
    IDP_PROVIDERS.find(([name]) => ConnectionProvider[name] === provider)?.[1] ??
    enumWords(ConnectionProvider, provider)
  )
}
