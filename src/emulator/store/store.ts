import type {Collection, IndexSpec, Mutation, MutationListener, StoredRecord} from './collection.js'
import {lockDataDir} from './data-dir-lock.js'
import type {ApiTokenRecord, M2MClientRecord, PasskeyRecord} from './credential-records.js'
import type {StoreDatabase} from './database.js'
import {hasLegacyFiles, readLegacyFiles, removeLegacyFiles} from './legacy-files.js'
import {MemoryCollection} from './memory-collection.js'
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
  /**
   * Runs `write` so that all of its mutations are kept together (one transaction, with a data directory) or not at
   * all: a write that throws leaves nothing behind.
   */
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
  const {dataDir} = options
  if (dataDir === undefined) {
    const store = new EmulatorStore()
    seedDevelopmentEnvironment(store)
    return store
  }
  ensurePrivateDirectory(dataDir)
  const releaseLock = lockDataDir(dataDir)
  let database: StoreDatabase | undefined
  try {
    // LMDB's native binding loads only for a data directory: an emulator in memory (every test's) starts without it.
    const {StoreDatabase} = await import('./database.js')
    database = StoreDatabase.open(dataDir)
    const store = new EmulatorStore(database, releaseLock)
    await store.load(dataDir)
    return store
  } catch (error) {
    database?.close()
    releaseLock()
    throw error
  }
}

/** Mutations moved from the older files per transaction: bounds the memory a big data directory's move takes. */
const LEGACY_MUTATIONS_PER_TRANSACTION = 10_000

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
  private readonly collections: Map<string, Collection<StoredRecord, string, string>>
  /** Starts above the seeded ids and never goes back, not even on reset: an id is never handed out twice. */
  private lastId = FIRST_ID + SEED_ID_COUNT
  private readonly pins = new PinQueues()
  /** In memory, while a batch runs: how to undo each of its mutations, in order. */
  private undo: Array<() => void> | undefined

  /** In memory without a database; kept in the data directory's database with one. */
  constructor(
    private readonly database?: StoreDatabase,
    private releaseLock?: () => void,
  ) {
    const byOrganization = {organizationId: (record: {organizationId: string}) => record.organizationId}
    this.environments = this.collection<EnvironmentRecord>('environments', {})
    this.organizations = this.collection<OrganizationRecord, 'externalId' | 'slug'>('organizations', {
      unique: {externalId: (org) => org.externalId, slug: (org) => org.slug},
    })
    this.domains = this.collection<DomainRecord, 'domain', 'organizationId'>('domains', {
      unique: {domain: (domain) => domain.domain},
      groups: byOrganization,
    })
    this.connections = this.collection<ConnectionRecord, never, 'organizationId'>('connections', {
      groups: byOrganization,
    })
    this.directories = this.collection<DirectoryRecord, never, 'organizationId'>('directories', {
      groups: byOrganization,
    })
    const byDirectory = {directoryId: (record: {directoryId: string}) => record.directoryId}
    this.directoryUsers = this.collection<DirectoryUserRecord, 'userName', 'directoryId'>('directoryUsers', {
      unique: {userName: (user) => directoryKey(user.directoryId, user.userName)},
      groups: byDirectory,
    })
    this.directoryGroups = this.collection<DirectoryGroupRecord, 'displayName', 'directoryId'>('directoryGroups', {
      unique: {displayName: (group) => directoryKey(group.directoryId, group.displayName)},
      groups: byDirectory,
    })
    this.portalLinks = this.collection<PortalLinkRecord, 'token', 'organizationId'>('portalLinks', {
      unique: {token: (link) => link.token},
      groups: byOrganization,
    })
    this.users = this.collection<UserRecord, 'email' | 'externalId'>('users', {
      unique: {email: (user) => user.email.toLowerCase(), externalId: (user) => user.externalId},
    })
    this.memberships = this.collection<MembershipRecord, never, 'organizationId' | 'userId'>('memberships', {
      groups: {...byOrganization, userId: (membership) => membership.userId},
    })
    this.roles = this.collection<RoleRecord, 'scopedName', 'organizationId' | 'name' | 'extends'>('roles', {
      unique: {scopedName: (role) => roleKey(role.name, role.organizationId)},
      groups: {
        organizationId: (role) => role.organizationId ?? '',
        name: (role) => role.name,
        extends: (role) => role.extends ?? '',
      },
    })
    this.permissions = this.collection<PermissionRecord, 'name'>('permissions', {
      unique: {name: (permission) => permission.name},
    })
    this.redirects = this.collection<RedirectRecord, 'uri'>('redirects', {unique: {uri: (r) => r.uri}})
    this.webhookEndpoints = this.collection<WebhookEndpointRecord>('webhookEndpoints', {})
    this.apiTokens = this.collection<ApiTokenRecord, 'hash', 'organizationId'>('apiTokens', {
      unique: {hash: (token) => token.hash},
      groups: byOrganization,
    })
    this.m2mClients = this.collection<M2MClientRecord, never, 'organizationId'>('m2mClients', {groups: byOrganization})
    this.sessions = this.collection<SessionRecord, never, 'userId'>('sessions', {
      groups: {userId: (session) => session.userId},
    })
    this.passkeys = this.collection<PasskeyRecord, 'credentialId', 'userId'>('passkeys', {
      unique: {credentialId: (passkey) => passkey.credentialId},
      groups: {userId: (passkey) => passkey.userId},
    })
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
      all.map((collection) => [collection.name, collection as unknown as Collection<StoredRecord, string, string>]),
    )
  }

  /**
   * Brings a data directory's store up: seeds a new one, moves the older JSON-lines files into it when they are
   * there, and adds the environment and default roles to a store written before they existed.
   */
  async load(dataDir: string): Promise<void> {
    const database = this.database!
    if (database.lastId !== undefined && database.lastId > this.lastId) this.lastId = database.lastId
    if (hasLegacyFiles(dataDir)) {
      if (!database.formatted) await this.moveLegacyFiles(dataDir)
      removeLegacyFiles(dataDir)
    }
    this.batch(() => {
      if (!database.formatted) seedDevelopmentEnvironment(this)
      else if (this.environments.size === 0) seedEnvironment(this)
      database.markFormatted()
    })
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
    for (const ids of table.values()) for (const id of ids) if (id !== null) this.countPast(id)
  }

  batch<R>(write: () => R): R {
    if (this.database) return this.database.transaction(write, () => this.lastId)
    if (this.undo) return write()
    // In memory, a batch that throws is undone the way a data directory's transaction is rolled back.
    const undo: Array<() => void> = (this.undo = [])
    try {
      return write()
    } catch (error) {
      this.undo = undefined
      for (const step of undo.reverse()) step()
      throw error
    } finally {
      this.undo = undefined
    }
  }

  reset(): void {
    this.batch(() => {
      for (const collection of this.collections.values()) collection.clear()
      this.pins.clear()
      seedDevelopmentEnvironment(this)
    })
  }

  close(): void {
    this.database?.close()
    this.releaseLock?.()
    this.releaseLock = undefined
  }

  /**
   * Replays the older files into the store, a bounded number of mutations per transaction. The store stays unformatted
   * until `load` completes it, so a move cut off by a kill is done again from the start on the next open.
   */
  private async moveLegacyFiles(dataDir: string): Promise<void> {
    this.batch(() => {
      for (const collection of this.collections.values()) collection.clear()
    })
    let pending: Array<[Mutation, boolean]> = []
    const flush = () => {
      const mutations = pending
      pending = []
      this.batch(() => {
        for (const [mutation, fromJournal] of mutations) this.apply(mutation, fromJournal)
      })
    }
    const lastId = await readLegacyFiles(dataDir, (mutation, fromJournal) => {
      pending.push([mutation, fromJournal])
      if (pending.length >= LEGACY_MUTATIONS_PER_TRANSACTION) flush()
    })
    flush()
    if (lastId !== undefined && lastId > this.lastId) this.lastId = lastId
  }

  private collection<T extends StoredRecord, U extends string = never, G extends string = never>(
    name: string,
    spec: IndexSpec<T, U, G>,
  ): Collection<T, U, G> {
    const onChange: MutationListener = (mutation, previous) => this.changed(mutation, previous)
    return this.database
      ? this.database.collection(name, spec, onChange, (write) => this.batch(write))
      : new MemoryCollection(name, spec, onChange)
  }

  /** Each mutation of a collection: a put uses up its pinned id; in an in-memory batch, it is also recorded for undo. */
  private changed(mutation: Mutation, previous: StoredRecord | undefined): void {
    if (mutation.op === 'put') this.pins.stored(mutation.record.id)
    if (!this.undo) return
    const collection = this.collections.get(mutation.collection)!
    if (previous) this.undo.push(() => collection.put(previous))
    else if (mutation.op === 'put') this.undo.push(() => collection.delete(mutation.record.id))
  }

  private apply(mutation: Mutation, fromJournal: boolean): void {
    const collection = this.collections.get(mutation.collection)
    if (!collection) throw new Error(`unknown collection ${mutation.collection} in the emulator data directory`)
    if (mutation.op === 'delete') {
      collection.delete(mutation.id)
      return
    }
    collection.put(mutation.record)
    // The older journal holds no counter: every id it handed out appears in a put, so replay recovers the counter.
    // The snapshot's header holds it already, which spares a million snapshot records a parse of their id.
    if (fromJournal) this.countPast(mutation.record.id)
  }

  /** Moves the id counter past `id` when it has the counter's shape, so the counter never hands it out. */
  private countPast(id: string): void {
    const idNumber = ID_NUMBER.exec(id)?.[1]
    if (idNumber !== undefined && BigInt(idNumber) > this.lastId) this.lastId = BigInt(idNumber)
  }
}
