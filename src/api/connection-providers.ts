// The SSO providers `connections create --provider` takes: the proto's ConnectionProvider names, lower-cased with
// dashes (MICROSOFT_AD → microsoft-ad). Kept as plain strings so flag definitions need not load the SDK; a unit
// test holds the list to the proto enum. UNSPECIFIED is no provider and SCALEKIT is reserved for Scalekit itself.
export const CONNECTION_PROVIDERS = [
  'okta',
  'google',
  'microsoft-ad',
  'auth0',
  'onelogin',
  'ping-identity',
  'jumpcloud',
  'custom',
  'github',
  'gitlab',
  'linkedin',
  'salesforce',
  'microsoft',
  'idp-simulator',
  'adfs',
] as const

export type ConnectionProviderName = (typeof CONNECTION_PROVIDERS)[number]

/** `microsoft-ad` → `MICROSOFT_AD`, the enum's name. */
export const providerEnumName = (name: ConnectionProviderName) => name.toUpperCase().replaceAll('-', '_')

export const IDP_SIMULATOR: ConnectionProviderName = 'idp-simulator'
