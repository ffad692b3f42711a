/**
 * What the emulator serves of `@scalekit-sdk/node`'s `ScalekitClient`, method by method: the single source of the
 * README's table (rendered by scripts/generate-docs.mjs) and of the integration test that calls every method the SDK
 * has against the emulator (test/integration/emulator/sdk-surface.test.ts), so the table cannot drift from reality.
 * No runtime code reads it.
 */

/**
 * `served`: the call succeeds against the emulator; `works` says what success means when it is not simply "answers
 * the RPC" (e.g. a call meant to fail with a domain error). `not served`: the emulator answers UNIMPLEMENTED; the
 * reason says why. `private`: a helper the SDK's types mark private, not part of its API.
 */
export type MethodSupport =
  | {readonly status: 'served'; readonly works?: string}
  | {readonly status: 'not served'; readonly reason: string}
  | {readonly status: 'private'}

export interface ClientSurface {
  /** The proto service behind the sub-client, or what the methods do when they call none. */
  readonly service: string
  readonly methods: Readonly<Record<string, MethodSupport>>
}

/** The key of ScalekitClient's own methods in `sdkSurface`; every other key is a property of a ScalekitClient. */
export const SCALEKIT_CLIENT = 'ScalekitClient'

/** Properties of a ScalekitClient that are plumbing (private in the SDK's types), not API sub-clients. */
export const TRANSPORT_MEMBERS: Readonly<Record<string, string>> = {
  coreClient: 'the token and HTTP/gRPC transport behind every sub-client',
  grpcConnect: 'the Connect client factory behind every sub-client',
}

/** AgentKit's sub-clients: tools and connected accounts of AI agents, out of the emulator's scope (issue #14). */
export const AGENTKIT_CLIENTS: Readonly<Record<string, string>> = {
  tools: 'ToolService',
  connectedAccounts: 'ConnectedAccountService',
  actions: 'AgentKit actions (ToolService, ConnectedAccountService and the connector proxy)',
}

const served = (works?: string): MethodSupport => (works ? {status: 'served', works} : {status: 'served'})
const hidden: MethodSupport = {status: 'private'}

export const sdkSurface: Readonly<Record<string, ClientSurface>> = {
  [SCALEKIT_CLIENT]: {
    service: 'OAuth, tokens, signatures',
    methods: {
      getAuthorizationUrl: served('an /oauth/authorize URL the emulator follows to the IdP simulator'),
      authenticateWithCode: served('exchanges a code from an IdP-simulator login for tokens and the user'),
      getIdpInitiatedLoginClaims: served("verifies the simulator's IdP-initiated `idp_initiated_login` token"),
      validateAccessToken: served('true for an access token the emulator signed'),
      getLogoutUrl: served('an /oidc/logout URL that ends the session'),
      verifyWebhookPayload: served('true for a payload signed as the emulator signs its webhook deliveries'),
      verifyInterceptorPayload: served('true for a correctly signed payload (checked locally, no RPC)'),
      verifyPayloadSignature: hidden,
      validateToken: served('the claims of an access token the emulator signed'),
      verifyScopes: served("true for an M2M client's token carrying the scopes"),
      extractScopesFromPayload: hidden,
      verifyTimestamp: hidden,
      generateClientToken: served('a client-credentials access token'),
      getClientAccessToken: served('a client-credentials access token'),
      computeSignature: hidden,
      refreshAccessToken: served('rotates the refresh token of a full-stack (offline_access) login'),
    },
  },
  organization: {
    service: 'OrganizationService',
    methods: {
      createOrganization: served(),
      listOrganization: served(),
      getOrganization: served(),
      getOrganizationByExternalId: served(),
      updateOrganization: served(),
      updateOrganizationByExternalId: served(),
      deleteOrganization: served(),
      generatePortalLink: served('a one-time admin-portal link'),
      updateOrganizationSettings: served(),
      upsertUserManagementSettings: served(),
      searchOrganization: served(),
      getOrganizationUserManagementSetting: served(),
      updateOrganizationSessionPolicy: served(),
      getOrganizationSessionPolicy: served(),
    },
  },
  connection: {
    service: 'ConnectionService',
    methods: {
      getConnection: served(),
      listConnectionsByDomain: served(),
      listConnections: served(),
      listAppConnections: served('environment-level app connections (CreateEnvironmentConnection with the app flag)'),
      enableConnection: served(),
      disableConnection: served(),
      createConnection: served(),
      deleteConnection: served(),
    },
  },
  domain: {
    service: 'DomainService',
    methods: {
      createDomain: served(),
      getDomain: served(),
      resolveDomainType: hidden,
      listDomains: served(),
      deleteDomain: served(),
    },
  },
  directory: {
    service: 'DirectoryService',
    methods: {
      listDirectories: served(),
      getDirectory: served(),
      getPrimaryDirectoryByOrganizationId: served(),
      listDirectoryUsers: served(),
      listDirectoryGroups: served(),
      enableDirectory: served(),
      disableDirectory: served(),
      createDirectory: served(),
      deleteDirectory: served(),
    },
  },
  passwordless: {
    service: 'PasswordlessService',
    methods: {
      sendPasswordlessEmail: served('the email lands in the outbox'),
      verifyPasswordlessEmail: served('verifies the code from the outbox'),
      resendPasswordlessEmail: served(),
    },
  },
  user: {
    service: 'UserService',
    methods: {
      createUserAndMembership: served(),
      getUser: served(),
      listUsers: served(),
      updateUser: served(),
      deleteUser: served(),
      createMembership: served(),
      deleteMembership: served(),
      updateMembership: served(),
      listOrganizationUsers: served(),
      resendInvite: served('a new invitation link in the outbox'),
      listUserRoles: served(),
      listUserPermissions: served(),
      searchUsers: served(),
      searchOrganizationUsers: served(),
      assignUserRoles: served(),
      removeUserRole: served(),
      getUserByExternalId: served(),
      updateUserByExternalId: served(),
      deleteUserByExternalId: served(),
      createMembershipByExternalId: served(),
      deleteMembershipByExternalId: served(),
      updateMembershipByExternalId: served(),
    },
  },
  session: {
    service: 'SessionService',
    methods: {
      getSession: served(),
      getUserSessions: served(),
      revokeSession: served(),
      revokeAllUserSessions: served(),
    },
  },
  role: {
    service: 'RolesService',
    methods: {
      createRole: served(),
      getRole: served(),
      listRoles: served(),
      updateRole: served(),
      deleteRole: served(),
      deleteRoleBase: served(),
      getRoleUsersCount: served(),
      createOrganizationRole: served(),
      getOrganizationRole: served(),
      listOrganizationRoles: served(),
      updateOrganizationRole: served(),
      deleteOrganizationRole: served(),
      getOrganizationRoleUsersCount: served(),
      updateDefaultRoles: served(),
      listDependentRoles: served(),
      updateDefaultOrganizationRoles: served(),
      deleteOrganizationRoleBase: served(),
    },
  },
  permission: {
    service: 'RolesService',
    methods: {
      createPermission: served(),
      getPermission: served(),
      listPermissions: served(),
      updatePermission: served(),
      deletePermission: served(),
      listRolePermissions: served(),
      addPermissionsToRole: served(),
      removePermissionFromRole: served(),
      listEffectiveRolePermissions: served(),
    },
  },
  auth: {
    service: 'AuthService',
    methods: {
      updateLoginUserDetails: served(
        'completes a login request handed to your login endpoint ("bring your own auth", POST /_emulator/custom-auth)',
      ),
    },
  },
  webauthn: {
    service: 'WebAuthnService',
    methods: {
      listCredentials: served("the passkeys a user registered on the emulator's /passkeys page"),
      updateCredential: served('renames a passkey'),
      deleteCredential: served('deletes a passkey'),
    },
  },
  token: {
    service: 'ApiTokenService',
    methods: {
      createToken: served('the token value, shown once'),
      validateToken: served('the token info of a live token'),
      invalidateToken: served(),
      listTokens: served(),
      updateToken: served(),
    },
  },
  m2m: {
    service: 'ClientService',
    methods: {
      createOrganizationClient: served('the client and its first secret, shown once'),
      getOrganizationClient: served(),
      updateOrganizationClient: served(),
      deleteOrganizationClient: served(),
      addOrganizationClientSecret: served(),
      removeOrganizationClientSecret: served(),
      listOrganizationClients: served(),
    },
  },
  events: {
    service: 'EventsService',
    methods: {
      listEventsPaginated: served('the events the emulator emitted (also delivered as webhooks), filtered and paged'),
    },
  },
}

const cell = (text: string) => text.replaceAll('|', '\\|')

function describe(support: MethodSupport): string {
  if (support.status === 'served') return support.works ? `yes — ${support.works}` : 'yes'
  if (support.status === 'not served') return `no — ${support.reason}`
  return 'private helper'
}

/** The README's table: one row per public method, then one per AgentKit client. */
export function renderSdkSurfaceTable(): string {
  const rows = ['| SDK method | service | served |', '|---|---|---|']
  for (const [client, surface] of Object.entries(sdkSurface)) {
    for (const [method, support] of Object.entries(surface.methods)) {
      if (support.status === 'private') continue
      const name = client === SCALEKIT_CLIENT ? `sk.${method}` : `sk.${client}.${method}`
      rows.push(`| \`${name}\` | ${cell(surface.service)} | ${cell(describe(support))} |`)
    }
  }
  for (const [client, service] of Object.entries(AGENTKIT_CLIENTS))
    rows.push(`| \`sk.${client}.*\` | ${cell(service)} | no — AgentKit is out of the emulator's scope |`)
  return `${rows.join('\n')}\n`
}

/** Counts for the sentence above the table. */
export function sdkSurfaceCounts(): {served: number; total: number} {
  const methods = Object.values(sdkSurface).flatMap((s) => Object.values(s.methods))
  const public_ = methods.filter((m) => m.status !== 'private')
  return {served: public_.filter((m) => m.status === 'served').length, total: public_.length}
}
