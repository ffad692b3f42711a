// Records of the credentials an environment issues to its customers' systems: API tokens and M2M clients. Like
// every stored record they are plain JSON (times in epoch milliseconds); secrets are kept as hashes only.

/** An opaque API token (ApiTokenService). The value itself is never stored. */
export interface ApiTokenRecord {
  /** `apit_…`: the token id, which names the token without being a credential. */
  id: string
  organizationId: string
  /** Set for a token that acts as one member of the organization. */
  userId?: string
  customClaims: Record<string, string>
  description?: string
  /** When it stops validating; never when absent. */
  expireTime?: number
  /** SHA-256 of the value, the key validation looks it up by. */
  hash: string
  suffix: string
  /** Set once invalidated: an invalidated token is kept (invalidating again succeeds) but no longer validates. */
  invalidateTime?: number
  createTime: number
}

/** A secret of an M2M client. Only its SHA-256 is kept: the plain value is shown once, when it is made. */
export interface ClientSecretRecord {
  /** `sks_…` */
  id: string
  hash: string
  suffix: string
  createTime: number
  /** The last token minted with it. */
  lastUsedTime?: number
}

/** An organization's machine-to-machine client (ClientService organization clients). */
export interface M2MClientRecord {
  /** `m2morg_…`: also the OAuth client_id. */
  id: string
  organizationId: string
  name: string
  description: string
  scopes: string[]
  audience: string[]
  /** In the order given: they become claims of the client's access tokens. */
  customClaims: Array<{key: string; value: string}>
  /** Lifetime of the client's access tokens, in seconds. */
  expirySeconds: number
  secrets: ClientSecretRecord[]
  createTime: number
  updateTime: number
}

/**
 * A passkey (WebAuthn credential) a user registered on the emulator's passkeys page. The public key is the
 * COSE key the authenticator attested, base64url; the private key never leaves the authenticator.
 */
export interface PasskeyRecord {
  /** `wac_…`: the id the WebAuthn API names the credential by. */
  id: string
  userId: string
  /** The authenticator's credential id (base64url): what the browser presents when it signs in. */
  credentialId: string
  publicKey: string
  /** The signature counter last seen; a later assertion must raise it (0 for authenticators that keep none). */
  counter: number
  /** `none` unless the authenticator attested its make (the emulator asks for none). */
  attestationType: string
  aaguid: string
  transports: string[]
  /** `platform` or `cross-platform` when the browser said. */
  attachment?: string
  userVerified: boolean
  backupEligible: boolean
  backedUp: boolean
  displayName?: string
  userAgent?: string
  /** The page origin the ceremony ran on. */
  origin: string
  createTime: number
  updateTime: number
}
