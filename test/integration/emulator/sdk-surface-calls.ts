import {inspect} from 'node:util'
import {create} from '@bufbuild/protobuf'
import type {ScalekitClient} from '@scalekit-sdk/node'
import {
  ConnectionProvider,
  ConnectionType,
  CreateConnectionSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {
  DirectoryProvider,
  DirectoryType,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {
  CreateOrganizationRoleSchema,
  CreatePermissionSchema,
  CreateRoleSchema,
  UpdateRoleSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/roles/roles_pb.js'
import {DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET} from '../../../src/emulator/index.js'
import {SEED_IDS} from '../../../src/emulator/store/seed.js'
import {signatureHeaders} from '../../../src/emulator/webhooks/signature.js'
import {registerPasskey, signInForPasskeys} from '../../helpers/passkeys.js'
import {sdkRpc} from '../../helpers/sdk-rpc.js'
import {fullStackLogin} from '../../helpers/sessions.js'
import {basicAuth} from './support.js'
import {CALLBACK, location, openSimulator, pkce, signIn, submit, USER} from './sso-support.js'

/**
 * Fixtures built from the emulator's seed data, each created fresh for the call that needs it (so calls do not
 * depend on their order), through the same SDK client the test enumerates.
 */
export class Fixtures {
  readonly org = SEED_IDS.organization
  readonly connection = SEED_IDS.connection
  private counter = 0

  constructor(
    readonly sk: ScalekitClient,
    readonly url: string,
  ) {}

  /** A name no other fixture of this run has. */
  unique(prefix: string): string {
    this.counter += 1
    return `${prefix}${this.counter}`
  }

  async organization(): Promise<{id: string; externalId: string}> {
    const externalId = this.unique('ext-org-')
    const {organization} = await this.sk.organization.createOrganization(this.unique('Surface Co '), {externalId})
    return {id: organization!.id, externalId}
  }

  async user(options: {invite?: boolean} = {}): Promise<{id: string; externalId: string}> {
    const externalId = this.unique('ext-user-')
    const {user} = await this.sk.user.createUserAndMembership(this.org, {
      email: `${this.unique('surface')}@example.com`,
      externalId,
      sendInvitationEmail: options.invite ?? false,
    })
    return {id: user!.id, externalId}
  }

  async orgConnection(): Promise<string> {
    const request = create(CreateConnectionSchema, {provider: ConnectionProvider.OKTA, type: ConnectionType.SAML})
    return (await this.sk.connection.createConnection(this.org, request)).connection!.id
  }

  /** An organization of its own with a SCIM directory. */
  async directory(): Promise<{org: string; id: string}> {
    const {id: org} = await this.organization()
    const {directory} = await this.sk.directory.createDirectory(org, {
      directoryType: DirectoryType.SCIM,
      directoryProvider: DirectoryProvider.OKTA,
    } as Parameters<ScalekitClient['directory']['createDirectory']>[1])
    return {org, id: directory!.id}
  }

  async role(extendsRole?: string): Promise<string> {
    const name = this.unique('surface_role_')
    await this.sk.role.createRole(create(CreateRoleSchema, {name, displayName: name, extends: extendsRole}))
    return name
  }

  async orgRole(extendsRole?: string): Promise<string> {
    const name = this.unique('surface_org_role_')
    await this.sk.role.createOrganizationRole(
      this.org,
      create(CreateOrganizationRoleSchema, {name, displayName: name, extends: extendsRole}),
    )
    return name
  }

  async permission(): Promise<string> {
    const name = this.unique('surface:perm')
    await this.sk.permission.createPermission(create(CreatePermissionSchema, {name, description: ''}))
    return name
  }

  async apiToken(): Promise<string> {
    return (await this.sk.token.createToken(this.org, {description: 'surface'})).token
  }

  async m2mClient(scopes: string[] = []): Promise<{id: string; secret: string; secretId: string}> {
    const created = await this.sk.m2m.createOrganizationClient(this.org, {name: this.unique('surface bot '), scopes})
    return {id: created.client!.clientId, secret: created.plainSecret, secretId: created.client!.secrets[0]!.id}
  }

  /** A full-stack (offline_access) login through the IdP simulator: tokens, session and user. */
  login() {
    return fullStackLogin(this.url, this.org, `${this.unique('login')}@example.com`)
  }

  /** A passkey registered through the emulator's ceremony by a newly signed-in user. */
  async passkey(): Promise<{id: string; userId: string}> {
    const email = `${this.unique('passkey')}@example.com`
    const id = await registerPasskey(this.url, await signInForPasskeys(this.url, this.org, email))
    return {id, userId: (await this.sk.user.searchUsers(email)).users[0]!.id}
  }

  /** The code of the newest passwordless email to `email`, from the emulator's outbox. */
  async passwordlessCode(email: string): Promise<string> {
    const response = await fetch(`${this.url}/_emulator/outbox?to=${encodeURIComponent(email)}`, {
      headers: {authorization: basicAuth()},
    })
    const {messages} = (await response.json()) as {messages: Array<{otp: string | null}>}
    return messages.at(-1)!.otp!
  }

  /**
   * A login request handed to the app's login endpoint ("bring your own auth"). Custom auth is on only meanwhile:
   * the request keeps its connection after it is turned off.
   */
  async customAuthLogin(): Promise<{connectionId: string; loginRequestId: string}> {
    const customAuth = (method: string, body?: unknown) =>
      fetch(`${this.url}/_emulator/custom-auth`, {
        method,
        headers: {authorization: basicAuth(), 'content-type': 'application/json'},
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const enabled = await customAuth('POST', {loginUri: 'http://127.0.0.1:53682/login'})
    const {connectionId} = (await enabled.json()) as {connectionId: string}
    try {
      const target = location(await fetch(this.sk.getAuthorizationUrl(CALLBACK, {}), {redirect: 'manual'}), this.url)
      return {connectionId, loginRequestId: target.searchParams.get('login_request_id')!}
    } finally {
      await customAuth('DELETE')
    }
  }

  /** The signed token the IdP simulator's IdP-initiated scenario sends to the app. */
  async idpInitiatedToken(): Promise<string> {
    const simulator = await openSimulator(this.url, {organizationId: this.org})
    const target = location(await submit(simulator, {...USER, scenario: 'idp'}), this.url)
    return target.searchParams.get('idp_initiated_login')!
  }
}

export interface SdkCall {
  /** The arguments, built from the seed data and fresh fixtures. */
  args: (f: Fixtures) => Promise<unknown[]> | unknown[]
  /** What the answer must satisfy beyond not throwing; returns a problem, or undefined. */
  check?: (result: unknown) => string | undefined
}

const isTrue = (result: unknown) => (result === true ? undefined : `expected true, got ${String(result)}`)
const isUrl = (result: unknown) => (URL.canParse(String(result)) ? undefined : `expected a URL, got ${String(result)}`)
const isJwt = (result: unknown) =>
  typeof result === 'string' && result.split('.').length === 3 ? undefined : 'expected a JWT'
/** A check on one field of the answer, named in the message when it fails. */
const field =
  (name: string, test: (value: unknown) => boolean) =>
  (result: unknown): string | undefined => {
    const value = (result as Record<string, unknown>)[name]
    return test(value) ? undefined : `unexpected ${name}: ${inspect(value, {depth: 2})}`
  }

const WEBHOOK_SECRET = `whsec_${Buffer.from('surface-test-webhook-secret').toString('base64')}`
const PAYLOAD = JSON.stringify({id: 'evt_1', type: 'organization.created'})

/** Headers as the emulator signs a delivery (webhook-*), or renamed to the interceptor-* headers. */
function signed(prefix: 'interceptor' | 'webhook'): Record<string, string> {
  const headers = signatureHeaders(WEBHOOK_SECRET, 'msg_1', Math.floor(Date.now() / 1000), PAYLOAD)
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.replace('webhook', prefix), v]))
}

/**
 * The arguments for every SDK method the test calls, by `client.method` (`ScalekitClient.method` for the client's own).
 * Methods the emulator does not serve have arguments too: the test checks that they answer UNIMPLEMENTED.
 */
export const sdkCalls: Readonly<Record<string, SdkCall>> = {
  'ScalekitClient.getAuthorizationUrl': {args: (f) => [CALLBACK, {organizationId: f.org}], check: isUrl},
  'ScalekitClient.authenticateWithCode': {
    async args(f) {
      const {verifier, challenge} = pkce()
      const {code} = await signIn(f.url, {organizationId: f.org, codeChallenge: challenge, codeChallengeMethod: 'S256'})
      return [code, CALLBACK, {codeVerifier: verifier}]
    },
    check: field('user', (user) => (user as {email?: string}).email === USER.email),
  },
  'ScalekitClient.getIdpInitiatedLoginClaims': {
    args: async (f) => [await f.idpInitiatedToken(), {issuer: f.url, audience: [DEFAULT_CLIENT_ID]}],
  },
  'ScalekitClient.validateAccessToken': {args: async (f) => [(await f.login()).accessToken], check: isTrue},
  'ScalekitClient.getLogoutUrl': {args: () => [{postLogoutRedirectUri: CALLBACK}], check: isUrl},
  'ScalekitClient.verifyWebhookPayload': {args: () => [WEBHOOK_SECRET, signed('webhook'), PAYLOAD], check: isTrue},
  'ScalekitClient.verifyInterceptorPayload': {
    args: () => [WEBHOOK_SECRET, signed('interceptor'), PAYLOAD],
    check: isTrue,
  },
  'ScalekitClient.validateToken': {args: async (f) => [(await f.login()).accessToken, {issuer: f.url}]},
  'ScalekitClient.verifyScopes': {
    async args(f) {
      const client = await f.m2mClient(['read:surface'])
      const response = await fetch(`${f.url}/oauth/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: client.id,
          client_secret: client.secret,
        }),
      })
      return [((await response.json()) as {access_token: string}).access_token, ['read:surface']]
    },
    check: isTrue,
  },
  'ScalekitClient.generateClientToken': {args: () => [DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET], check: isJwt},
  'ScalekitClient.getClientAccessToken': {args: () => [], check: isJwt},
  'ScalekitClient.refreshAccessToken': {
    args: async (f) => [(await f.login()).refreshToken],
    check: field('refreshToken', (token) => String(token).startsWith('rt_')),
  },

  'organization.createOrganization': {args: (f) => [f.unique('Created Co '), {externalId: f.unique('ext-')}]},
  'organization.listOrganization': {args: () => [{pageSize: 5}]},
  'organization.getOrganization': {args: (f) => [f.org]},
  'organization.getOrganizationByExternalId': {args: async (f) => [(await f.organization()).externalId]},
  'organization.updateOrganization': {args: (f) => [f.org, {displayName: 'Test Organization'}]},
  'organization.updateOrganizationByExternalId': {
    args: async (f) => [(await f.organization()).externalId, {displayName: 'Renamed Co'}],
  },
  'organization.deleteOrganization': {args: async (f) => [(await f.organization()).id]},
  'organization.generatePortalLink': {args: (f) => [f.org]},
  'organization.updateOrganizationSettings': {args: (f) => [f.org, {features: [{name: 'sso', enabled: true}]}]},
  'organization.upsertUserManagementSettings': {
    args: async (f) => [(await f.organization()).id, {maxAllowedUsers: 50}],
  },
  'organization.searchOrganization': {args: () => ['Test Organization']},
  'organization.getOrganizationUserManagementSetting': {args: (f) => [f.org]},
  'organization.updateOrganizationSessionPolicy': {
    args: async (f) => [
      (await f.organization()).id,
      {policySource: 'CUSTOM', absoluteSessionTimeout: 6, absoluteSessionTimeoutUnit: 'HOURS'},
    ],
  },
  'organization.getOrganizationSessionPolicy': {args: (f) => [f.org]},

  'connection.getConnection': {args: (f) => [f.org, f.connection]},
  'connection.listConnectionsByDomain': {args: () => ['example.com']},
  'connection.listConnections': {args: (f) => [f.org]},
  'connection.listAppConnections': {
    async args(f) {
      // An environment-level app connection (the SDK has no method to create one): the list must show it.
      await sdkRpc(f.sk, 'connection', 'createEnvironmentConnection', {
        connection: {type: ConnectionType.OAUTH, providerKey: 'gmail', keyId: 'gmail_surface'},
        flags: {isApp: true},
      })
      return [{provider: 'gmail'}]
    },
    check: (result) =>
      (result as {connections: Array<{keyId: string}>}).connections.some((c) => c.keyId === 'gmail_surface')
        ? undefined
        : 'the app connection is not listed',
  },
  'connection.enableConnection': {args: async (f) => [f.org, await f.orgConnection()]},
  'connection.disableConnection': {args: async (f) => [f.org, await f.orgConnection()]},
  'connection.createConnection': {
    args: (f) => [
      f.org,
      create(CreateConnectionSchema, {provider: ConnectionProvider.OKTA, type: ConnectionType.OIDC}),
    ],
  },
  'connection.deleteConnection': {args: async (f) => [f.org, await f.orgConnection()]},

  'domain.createDomain': {args: (f) => [f.org, `${f.unique('surface')}.example`]},
  'domain.getDomain': {args: (f) => [f.org, SEED_IDS.domains[0]]},
  'domain.listDomains': {args: (f) => [f.org]},
  'domain.deleteDomain': {
    async args(f) {
      const {domain} = await f.sk.domain.createDomain(f.org, `${f.unique('gone')}.example`)
      return [f.org, domain!.id]
    },
  },

  'directory.listDirectories': {args: async (f) => [(await f.directory()).org]},
  'directory.getDirectory': {args: async (f) => Object.values(await f.directory())},
  'directory.getPrimaryDirectoryByOrganizationId': {args: async (f) => [(await f.directory()).org]},
  'directory.listDirectoryUsers': {args: async (f) => Object.values(await f.directory())},
  'directory.listDirectoryGroups': {args: async (f) => Object.values(await f.directory())},
  'directory.enableDirectory': {args: async (f) => Object.values(await f.directory())},
  'directory.disableDirectory': {args: async (f) => Object.values(await f.directory())},
  'directory.createDirectory': {
    args: async (f) => [
      (await f.organization()).id,
      {directoryType: DirectoryType.SCIM, directoryProvider: DirectoryProvider.MICROSOFT_AD},
    ],
  },
  'directory.deleteDirectory': {args: async (f) => Object.values(await f.directory())},

  'passwordless.sendPasswordlessEmail': {args: () => ['send@example.com']},
  'passwordless.verifyPasswordlessEmail': {
    async args(f) {
      const {authRequestId} = await f.sk.passwordless.sendPasswordlessEmail('verify@example.com')
      return [{code: await f.passwordlessCode('verify@example.com')}, authRequestId]
    },
  },
  'passwordless.resendPasswordlessEmail': {
    args: async (f) => [(await f.sk.passwordless.sendPasswordlessEmail('resend@example.com')).authRequestId],
  },

  'user.createUserAndMembership': {args: (f) => [f.org, {email: `${f.unique('new')}@example.com`}]},
  'user.getUser': {args: async (f) => [(await f.user()).id]},
  'user.listUsers': {args: () => [{pageSize: 5}]},
  'user.updateUser': {args: async (f) => [(await f.user()).id, {userProfile: {firstName: 'Ada'}}]},
  'user.deleteUser': {args: async (f) => [(await f.user()).id]},
  'user.createMembership': {args: async (f) => [(await f.organization()).id, (await f.user()).id]},
  'user.deleteMembership': {args: async (f) => [f.org, (await f.user()).id]},
  'user.updateMembership': {args: async (f) => [f.org, (await f.user()).id, {roles: ['admin']}]},
  'user.listOrganizationUsers': {args: (f) => [f.org, {pageSize: 5}]},
  'user.resendInvite': {args: async (f) => [f.org, (await f.user({invite: true})).id]},
  'user.listUserRoles': {args: async (f) => [f.org, (await f.user()).id]},
  'user.listUserPermissions': {args: async (f) => [f.org, (await f.user()).id]},
  'user.searchUsers': {args: () => ['example.com']},
  'user.searchOrganizationUsers': {args: (f) => [f.org, 'example.com']},
  'user.assignUserRoles': {args: async (f) => [f.org, (await f.user()).id, ['admin']]},
  'user.removeUserRole': {
    async args(f) {
      const {id} = await f.user()
      await f.sk.user.assignUserRoles(f.org, id, ['admin'])
      return [f.org, id, 'admin']
    },
  },
  'user.getUserByExternalId': {args: async (f) => [(await f.user()).externalId]},
  'user.updateUserByExternalId': {args: async (f) => [(await f.user()).externalId, {userProfile: {lastName: 'L'}}]},
  'user.deleteUserByExternalId': {args: async (f) => [(await f.user()).externalId]},
  'user.createMembershipByExternalId': {
    args: async (f) => [(await f.organization()).id, (await f.user()).externalId],
  },
  'user.deleteMembershipByExternalId': {args: async (f) => [f.org, (await f.user()).externalId]},
  'user.updateMembershipByExternalId': {args: async (f) => [f.org, (await f.user()).externalId, {roles: ['admin']}]},

  'session.getSession': {args: async (f) => [(await f.login()).sessionId]},
  'session.getUserSessions': {args: async (f) => [(await f.login()).userId]},
  'session.revokeSession': {args: async (f) => [(await f.login()).sessionId]},
  'session.revokeAllUserSessions': {args: async (f) => [(await f.login()).userId]},

  'role.createRole': {args: (f) => [create(CreateRoleSchema, {name: f.unique('created_role_'), displayName: 'C'})]},
  'role.getRole': {args: () => ['admin']},
  'role.listRoles': {args: () => []},
  'role.updateRole': {args: async (f) => [await f.role(), create(UpdateRoleSchema, {displayName: 'Updated'})]},
  'role.deleteRole': {args: async (f) => [await f.role()]},
  'role.deleteRoleBase': {args: async (f) => [await f.role(await f.role())]},
  'role.getRoleUsersCount': {args: () => ['member']},
  'role.createOrganizationRole': {
    args: (f) => [f.org, create(CreateOrganizationRoleSchema, {name: f.unique('created_org_role_'), displayName: 'C'})],
  },
  'role.getOrganizationRole': {args: async (f) => [f.org, await f.orgRole()]},
  'role.listOrganizationRoles': {args: (f) => [f.org]},
  'role.updateOrganizationRole': {
    args: async (f) => [f.org, await f.orgRole(), create(UpdateRoleSchema, {description: 'updated'})],
  },
  'role.deleteOrganizationRole': {args: async (f) => [f.org, await f.orgRole()]},
  'role.getOrganizationRoleUsersCount': {args: async (f) => [f.org, await f.orgRole()]},
  'role.updateDefaultRoles': {args: () => [{defaultMemberRole: 'member'}]},
  'role.listDependentRoles': {args: () => ['admin']},
  'role.updateDefaultOrganizationRoles': {args: async (f) => [(await f.organization()).id, 'member']},
  'role.deleteOrganizationRoleBase': {args: async (f) => [f.org, await f.orgRole(await f.orgRole())]},

  'permission.createPermission': {
    args: (f) => [create(CreatePermissionSchema, {name: f.unique('created:perm'), description: ''})],
  },
  'permission.getPermission': {args: async (f) => [await f.permission()]},
  'permission.listPermissions': {args: () => []},
  'permission.updatePermission': {
    async args(f) {
      const name = await f.permission()
      return [name, create(CreatePermissionSchema, {name, description: 'updated'})]
    },
  },
  'permission.deletePermission': {args: async (f) => [await f.permission()]},
  'permission.listRolePermissions': {args: () => ['admin']},
  'permission.addPermissionsToRole': {args: async (f) => [await f.role(), [await f.permission()]]},
  'permission.removePermissionFromRole': {
    async args(f) {
      const [role, permission] = [await f.role(), await f.permission()]
      await f.sk.permission.addPermissionsToRole(role, [permission])
      return [role, permission]
    },
  },
  'permission.listEffectiveRolePermissions': {args: () => ['admin']},

  'auth.updateLoginUserDetails': {
    async args(f) {
      const {connectionId, loginRequestId} = await f.customAuthLogin()
      return [connectionId, loginRequestId, {email: 'byoa@example.com', sub: 'idp-1'}]
    },
    check: field('authRequestId', (id) => String(id).startsWith('authreq_')),
  },

  'webauthn.listCredentials': {
    args: async (f) => [(await f.passkey()).userId],
    check: field('credentials', (credentials) => Array.isArray(credentials) && credentials.length === 1),
  },
  'webauthn.updateCredential': {
    args: async (f) => [(await f.passkey()).id, 'My laptop'],
    check: field('credential', (credential) => (credential as {displayName?: string}).displayName === 'My laptop'),
  },
  'webauthn.deleteCredential': {args: async (f) => [(await f.passkey()).id], check: field('success', Boolean)},

  'token.createToken': {args: (f) => [f.org, {description: 'created'}], check: field('token', Boolean)},
  'token.validateToken': {args: async (f) => [await f.apiToken()]},
  'token.invalidateToken': {args: async (f) => [await f.apiToken()]},
  'token.listTokens': {args: (f) => [f.org, {pageSize: 5}]},
  'token.updateToken': {args: async (f) => [await f.apiToken(), {description: 'updated'}]},

  'm2m.createOrganizationClient': {args: (f) => [f.org, {name: f.unique('created bot ')}]},
  'm2m.getOrganizationClient': {args: async (f) => [f.org, (await f.m2mClient()).id]},
  'm2m.updateOrganizationClient': {args: async (f) => [f.org, (await f.m2mClient()).id, {description: 'updated'}]},
  'm2m.deleteOrganizationClient': {args: async (f) => [f.org, (await f.m2mClient()).id]},
  'm2m.addOrganizationClientSecret': {args: async (f) => [f.org, (await f.m2mClient()).id]},
  'm2m.removeOrganizationClientSecret': {
    async args(f) {
      const client = await f.m2mClient()
      await f.sk.m2m.addOrganizationClientSecret(f.org, client.id)
      return [f.org, client.id, client.secretId]
    },
  },
  'm2m.listOrganizationClients': {args: (f) => [f.org]},

  // Earlier calls created organizations and users, so there are events to list.
  'events.listEventsPaginated': {args: () => [10], check: field('events', (events) => (events as []).length > 0)},
}
