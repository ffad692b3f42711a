import {Collection, type Mutation} from './collection.js'
import {RecordCompactor} from './compact-record.js'
import {lockDataDir} from './data-dir-lock.js'
import type {ApiTokenRecord, M2MClientRecord, PasskeyRecord} from './credential-records.js'
import {Journal} from './journal.js'
import {directoryKey, roleKey} from './keys.js'
import type {
  ConnectionRecord,
  DirectoryGroupRecord,
  DirectoryRecord,
  DirectoryUserRecord,
  DomainRecord,
  EnvironmentRecord,
  MembershipRecord,
  OrganizationRecord,
  PermissionRecord,
  PortalLinkRecord,
  RedirectRecord,
  RoleRecord,
  SessionRecord,
  UserRecord,
  WebhookEndpointRecord,
} from './records.js'
import {PinQueues} from './pin-queues.js'
import {SEED_ID_COUNT, seedDevelopmentEnvironment, seedEnvironment} from './seed.js'
import {ensurePrivateDirectory} from '../../shared/private-files.js'

/** Ids are `<prefix>_<17 digits>`, the shape of Scalekit ids, from one counter shared by every prefix. */
const FIRST_ID = 10n ** 16n
const ID_NUMBER = /_(\d+)$/

/** The emulator's whole state. Services read and write it only through these collections. */
export interface Store {
  /** Holds exactly one record once the store is open: see `environment`. */
  readonly environments: Collection<EnvironmentRecord>
  readonly organizations: Collection<OrganizationRecord, 'externalId' | 'slug'>
  /** A domain name belongs to one organization at most, whatever its type. */
  readonly domains: Collection<DomainRecord, 'domain', 'organizationId'>
  readonly connections: Collection<ConnectionRecord, never, 'organizationId'>
  readonly directories: Collection<DirectoryRecord, never, 'organizationId'>
  /** `userName` is unique per directory regardless of case. */
  readonly directoryUsers: Collection<DirectoryUserRecord, 'userName', 'directoryId'>
  /** `displayName` is unique per directory regardless of case. */
  readonly directoryGroups: Collection<DirectoryGroupRecord, 'displayName', 'directoryId'>
  readonly portalLinks: Collection<PortalLinkRecord, 'token', 'organizationId'>
  /** Emails are unique per environment regardless of case: the index key is lower-cased. */
  readonly users: Collection<UserRecord, 'email' | 'externalId'>
  readonly memberships: Collection<MembershipRecord, never, 'organizationId' | 'userId'>
  /** `organizationId` groups environment roles under ''; `extends` groups roles by their base ('' for none). */
  readonly roles: Collection<RoleRecord, 'scopedName', 'organizationId' | 'name' | 'extends'>
  readonly permissions: Collection<PermissionRecord, 'name'>
  /** Allowed redirect URIs added at start or through `/_emulator/redirects`. */
  readonly redirects: Collection<RedirectRecord, 'uri'>
  /** Where events are delivered as signed webhooks (`/_emulator/webhooks`). */
  readonly webhookEndpoints: Collection<WebhookEndpointRecord>
  /** API tokens, found by the hash of their value. */
  readonly apiTokens: Collection<ApiTokenRecord, 'hash', 'organizationId'>
  readonly m2mClients: Collection<M2MClientRecord, never, 'organizationId'>
  /** Logins (`ses_…`) and their refresh tokens, by user. */
  readonly sessions: Collection<SessionRecord, never, 'userId'>
  /** WebAuthn credentials, found by the authenticator's credential id when a browser signs in with one. */
  readonly passkeys: Collection<PasskeyRecord, 'credentialId', 'userId'>
  readonly environment: EnvironmentRecord
  /**
   * A new unique id, e.g. `newId('org')` -> `org_10000000000000042`; with a `claim` (see pinned-ids.ts), the next id
   * pinned for it, when one is.
   */
  newId(prefix: string, claim?: string): string
  /** Replaces the pinned ids waiting for their creates (checked by reservePinnedIds), claim → ids in order. */
  pinIds(table: Map<string, Array<string | null>>, append?: boolean): void
  /** Runs `write` so that all of its mutations are persisted together (one journal line) or not at all. */
  batch<R>(write: () => R): R
  /** Wipes every collection (and the pinned ids waiting) and seeds a fresh development environment, with the same seeded ids as ever. */
  reset(): void
  close(): void
}

export interface StoreOptions {
  /** Persist to this directory; memory only when undefined. */
  dataDir?: string
}

export async function openStore(options: StoreOptions = {}): Promise<Store> {
  const store = new EmulatorStore(options.dataDir)
  await store.open()
  return store
}

class EmulatorStore implements Store {
  readonly environments
  readonly organizations
  readonly domains
  readonly connections
  readonly directories
  readonly directoryUsers
  readonly directoryGroups
  readonly portalLinks
  readonly users
  readonly memberships
  readonly roles
  readonly permissions
  readonly redirects
  readonly webhookEndpoints
  readonly apiTokens
  readonly m2mClients
  readonly sessions
  readonly passkeys
  private readonly collections: Map<string, Collection<{id: string}, string, string>>
  private readonly journal: Journal | undefined
  private releaseLock: (() => void) | undefined
  /** Starts above the seeded ids and never goes back, not even on reset: an id is never handed out twice. */
  private lastId = FIRST_ID + SEED_ID_COUNT
  /** Mutations are not journaled while loading or reseeding; those end with a fresh snapshot instead. */
  private recording = false
  private pending: Mutation[] | undefined
  private readonly pins = new PinQueues()

  constructor(private readonly dataDir: string | undefined) {
    const onChange = (mutation: Mutation) => this.record(mutation)
    const byOrganization = {organizationId: (record: {organizationId: string}) => record.organizationId}
    this.environments = new Collection<EnvironmentRecord>('environments', {}, onChange)
    this.organizations = new Collection<OrganizationRecord, 'externalId' | 'slug'>(
      'organizations',
      {unique: {externalId: (org) => org.externalId, slug: (org) => org.slug}},
      onChange,
    )
    this.domains = new Collection<DomainRecord, 'domain', 'organizationId'>(
      'domains',
      {unique: {domain: (domain) => domain.domain}, groups: byOrganization},
      onChange,
    )
    this.connections = new Collection<ConnectionRecord, never, 'organizationId'>(
      'connections',
      {groups: byOrganization},
      onChange,
    )
    this.directories = new Collection<DirectoryRecord, never, 'organizationId'>(
      'directories',
      {groups: byOrganization},
      onChange,
    )
    const byDirectory = {directoryId: (record: {directoryId: string}) => record.directoryId}
    this.directoryUsers = new Collection<DirectoryUserRecord, 'userName', 'directoryId'>(
      'directoryUsers',
      {unique: {userName: (user) => directoryKey(user.directoryId, user.userName)}, groups: byDirectory},
      onChange,
    )
    this.directoryGroups = new Collection<DirectoryGroupRecord, 'displayName', 'directoryId'>(
      'directoryGroups',
      {unique: {displayName: (group) => directoryKey(group.directoryId, group.displayName)}, groups: byDirectory},
      onChange,
    )
    this.portalLinks = new Collection<PortalLinkRecord, 'token', 'organizationId'>(
      'portalLinks',
      {unique: {token: (link) => link.token}, groups: byOrganization},
      onChange,
    )
    this.users = new Collection<UserRecord, 'email' | 'externalId'>(
      'users',
      {unique: {email: (user) => user.email.toLowerCase(), externalId: (user) => user.externalId}},
      onChange,
    )
    this.memberships = new Collection<MembershipRecord, never, 'organizationId' | 'userId'>(
      'memberships',
      {groups: {...byOrganization, userId: (membership) => membership.userId}},
      onChange,
    )
    this.roles = new Collection<RoleRecord, 'scopedName', 'organizationId' | 'name' | 'extends'>(
      'roles',
      {
        unique: {scopedName: (role) => roleKey(role.name, role.organizationId)},
        groups: {
          organizationId: (role) => role.organizationId ?? '',
          name: (role) => role.name,
          extends: (role) => role.extends ?? '',
        },
      },
      onChange,
    )
    this.permissions = new Collection<PermissionRecord, 'name'>(
      'permissions',
      {unique: {name: (permission) => permission.name}},
      onChange,
    )
    this.redirects = new Collection<RedirectRecord, 'uri'>('redirects', {unique: {uri: (r) => r.uri}}, onChange)
    this.webhookEndpoints = new Collection<WebhookEndpointRecord>('webhookEndpoints', {}, onChange)
    this.apiTokens = new Collection<ApiTokenRecord, 'hash', 'organizationId'>(
      'apiTokens',
      {unique: {hash: (token) => token.hash}, groups: byOrganization},
      onChange,
    )
    this.m2mClients = new Collection<M2MClientRecord, never, 'organizationId'>(
      'm2mClients',
      {groups: byOrganization},
      onChange,
    )
    this.sessions = new Collection<SessionRecord, never, 'userId'>(
      'sessions',
      {groups: {userId: (session) => session.userId}},
      onChange,
    )
    this.passkeys = new Collection<PasskeyRecord, 'credentialId', 'userId'>(
      'passkeys',
      {unique: {credentialId: (passkey) => passkey.credentialId}, groups: {userId: (passkey) => passkey.userId}},
      onChange,
    )
    const all = [
      this.environments,
      this.organizations,
      this.domains,
      this.connections,
      this.directories,
      this.directoryUsers,
      this.directoryGroups,
      this.portalLinks,
      this.permissions,
      this.roles,
      this.users,
      this.memberships,
      this.redirects,
      this.webhookEndpoints,
      this.apiTokens,
      this.m2mClients,
      this.sessions,
      this.passkeys,
    ]
    this.collections = new Map(
      all.map((collection) => [collection.name, collection as unknown as Collection<{id: string}, string, string>]),
    )
    this.journal = dataDir === undefined ? undefined : new Journal(dataDir)
  }

  async open(): Promise<void> {
    if (!this.dataDir || !this.journal) {
      seedDevelopmentEnvironment(this)
      this.recording = true
      return
    }
    ensurePrivateDirectory(this.dataDir)
    this.releaseLock = lockDataDir(this.dataDir)
    try {
      // A membership's userId is the same string as its user's id (users load first), as it is when made at run time.
      const compactor = new RecordCompactor((field, id) => (field === 'userId' ? this.users.get(id) : undefined))
      const {fresh, journalEmpty, lastId} = await this.journal.load((mutation, fromJournal) => {
        if (mutation.op === 'put') compactor.compact(mutation.record as unknown as Record<string, unknown>)
        this.apply(mutation, fromJournal)
      })
      if (lastId !== undefined && lastId > this.lastId) this.lastId = lastId
      for (const collection of this.collections.values()) collection.trim()
      const upgraded = !fresh && this.environments.size === 0
      if (fresh) seedDevelopmentEnvironment(this)
      else if (upgraded) seedEnvironment(this)
      // Fold the journal into a new snapshot: it stops growing across restarts, and a torn last line is gone
      // before anything is appended after it.
      if (fresh || upgraded || !journalEmpty) this.snapshot()
    } catch (error) {
      this.close()
      throw error
    }
    this.recording = true
  }

  get environment(): EnvironmentRecord {
    const [environment] = this.environments.values()
    if (!environment) throw new Error('the emulator store has no environment record')
    return environment
  }

  newId(prefix: string, claim?: string): string {
    return this.pins.take(claim, () => {
      this.lastId += 1n
      return `${prefix}_${this.lastId}`
    })
  }

  pinIds(table: Map<string, Array<string | null>>, append = false): void {
    this.pins.add(table, append)
    // A pinned id of the counter's own shape moves the counter past it, so no later create is handed it again.
    for (const ids of table.values()) {
      for (const id of ids) {
        const idNumber = id === null ? undefined : ID_NUMBER.exec(id)?.[1]
        if (idNumber !== undefined && BigInt(idNumber) > this.lastId) this.lastId = BigInt(idNumber)
      }
    }
  }

  batch<R>(write: () => R): R {
    if (this.pending) return write()
    this.pending = []
    try {
      return write()
    } finally {
      const mutations = this.pending
      this.pending = undefined
      if (this.recording) this.journal?.append(mutations)
    }
  }

  reset(): void {
    this.recording = false
    for (const collection of this.collections.values()) collection.clear()
    this.pins.clear()
    seedDevelopmentEnvironment(this)
    if (this.journal) this.snapshot()
    this.recording = true
  }

  close(): void {
    this.journal?.close()
    this.releaseLock?.()
    this.releaseLock = undefined
  }

  private record(mutation: Mutation): void {
    if (mutation.op === 'put') this.pins.stored(mutation.record.id)
    if (!this.recording) return
    if (this.pending) this.pending.push(mutation)
    else this.journal?.append([mutation])
  }

  private apply(mutation: Mutation, fromJournal: boolean): void {
    const collection = this.collections.get(mutation.collection)
    if (!collection) throw new Error(`unknown collection ${mutation.collection} in the emulator data directory`)
    if (mutation.op === 'delete') {
      collection.delete(mutation.id)
      return
    }
    collection.put(mutation.record)
    // The journal holds no counter: every id it ever handed out appears in a put, so replay recovers the counter.
    // The snapshot's header holds it already, which spares a million snapshot records a parse of their id.
    if (!fromJournal) return
    const idNumber = ID_NUMBER.exec(mutation.record.id)?.[1]
    if (idNumber !== undefined && BigInt(idNumber) > this.lastId) this.lastId = BigInt(idNumber)
  }

  private snapshot(): void {
    const collections = [...this.collections.values()]
    function* records(): Generator<Mutation> {
      for (const collection of collections) {
        for (const record of collection.values()) yield {op: 'put', collection: collection.name, record}
      }
    }
    this.journal?.compact(this.lastId, records())
  }
}
