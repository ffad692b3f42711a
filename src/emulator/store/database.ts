import {chmodSync, closeSync, existsSync, fstatSync, openSync, readSync} from 'node:fs'
import {join} from 'node:path'
import {type Database, open, type RootDatabase} from 'lmdb'
import type {IndexSpec, MutationListener, StoredRecord} from './collection.js'
import {DatabaseCollection, type KeyPart} from './database-collection.js'

const DATABASE_FILE = 'store.mdb'
const FORMAT = 'skctl-emulator-store/1'
/** Collections, their keys and the metadata are named databases of one environment. */
const MAX_DATABASES = 64

/**
 * A data directory's LMDB environment (`store.mdb`, beside LMDB's `store.mdb-lock`): what the emulator keeps between
 * runs. LMDB maps the file instead of loading it, so a restart reads nothing up front, whatever the size. Each write
 * transaction commits before the RPC that made it answers; commits are not fsynced (`noSync`), so a killed emulator
 * (kill -9) loses nothing it acknowledged, while surviving a power cut is left to the OS, as for any local tool.
 */
export class StoreDatabase {
  private readonly collections: Array<DatabaseCollection<StoredRecord, string, string>> = []
  private readonly meta: Database<string, string>
  private inTransaction = false
  private savedLastId: bigint | undefined

  private constructor(private readonly root: RootDatabase) {
    this.meta = root.openDB<string, string>({name: 'meta'})
    const format = this.meta.get('format')
    if (format !== undefined && format !== FORMAT) {
      throw new Error(`${DATABASE_FILE} holds ${format}, not ${FORMAT}: written by another version of skctl`)
    }
    const lastId = this.meta.get('lastId')
    this.savedLastId = lastId === undefined ? undefined : BigInt(lastId)
  }

  static open(dataDir: string): StoreDatabase {
    const path = join(dataDir, DATABASE_FILE)
    if (existsSync(path)) checkDatabaseFile(path)
    const root = open({path, noSubdir: true, noSync: true, maxDbs: MAX_DATABASES})
    // The directory is private already; the files are too, whatever the umask.
    try {
      for (const file of [path, `${path}-lock`]) if (existsSync(file)) chmodSync(file, 0o600)
      return new StoreDatabase(root)
    } catch (error) {
      void root.close()
      throw error
    }
  }

  /**
   * Whether the store holds a complete state: false for a new data directory, or for one whose first seeding or move
   * from the older JSON-lines files was cut off (either is then done again).
   */
  get formatted(): boolean {
    return this.meta.get('format') === FORMAT
  }

  /** Marks the state complete; called inside the transaction that completes it. */
  markFormatted(): void {
    this.meta.putSync('format', FORMAT)
  }

  /** The id counter as last committed. */
  get lastId(): bigint | undefined {
    return this.savedLastId
  }

  collection<T extends StoredRecord, U extends string, G extends string>(
    name: string,
    spec: IndexSpec<T, U, G>,
    onChange: MutationListener,
    transaction: <R>(write: () => R) => R,
  ): DatabaseCollection<T, U, G> {
    const collection = new DatabaseCollection<T, U, G>(
      name,
      spec,
      onChange,
      this.root.openDB<T, number>({name, keyEncoding: 'uint32'}),
      this.root.openDB<number | true, KeyPart[]>({name: `${name}.keys`}),
      transaction,
    )
    this.collections.push(collection as unknown as DatabaseCollection<StoredRecord, string, string>)
    return collection
  }

  /**
   * Runs `write` in one write transaction, committed when it returns (joined, when one is open already). A write that
   * throws leaves nothing behind: the transaction is rolled back and the collections' counters re-read.
   */
  transaction<R>(write: () => R, lastId: () => bigint): R {
    if (this.inTransaction) return write()
    this.inTransaction = true
    let committedLastId = this.savedLastId
    try {
      const result = this.root.transactionSync(() => {
        const written = write()
        committedLastId = lastId()
        if (committedLastId !== this.savedLastId) this.meta.putSync('lastId', committedLastId.toString())
        return written
      })
      this.savedLastId = committedLastId
      return result
    } catch (error) {
      for (const collection of this.collections) collection.resync()
      throw error
    } finally {
      this.inTransaction = false
    }
  }

  close(): void {
    void this.root.close()
  }
}

// LMDB reads its file through a memory map: a page past the end of a truncated file kills the process (SIGBUS), and
// a file that is not LMDB's can crash it at open. So before opening an existing file, its two meta pages are read the
// plain way and checked: LMDB's magic number, and a file long enough for the last page the newer one says is in use.
// The layout is that of the LMDB that lmdb-js builds: a 24-byte page header, then the meta.
const META_MAGIC = 0xbe_ef_c0_de
const META = 24
const PAGE_SIZE_AT = META + 24
const LAST_PAGE_AT = META + 120
const TXN_ID_AT = META + 128
const META_BYTES = TXN_ID_AT + 8

function checkDatabaseFile(path: string): void {
  const fd = openSync(path, 'r')
  try {
    const size = fstatSync(fd).size
    const readMeta = (offset: number) => {
      const meta = Buffer.alloc(META_BYTES)
      const read = readSync(fd, meta, 0, META_BYTES, offset)
      return read === META_BYTES && meta.readUInt32LE(META) === META_MAGIC ? meta : undefined
    }
    const first = readMeta(0)
    const pageSize = first?.readUInt32LE(PAGE_SIZE_AT) ?? 0
    const second = pageSize > 0 ? readMeta(pageSize) : undefined
    if (!first || !second) throw damaged(path, 'it is not an LMDB database')
    const newer = first.readBigUInt64LE(TXN_ID_AT) >= second.readBigUInt64LE(TXN_ID_AT) ? first : second
    const needed = (newer.readBigUInt64LE(LAST_PAGE_AT) + 1n) * BigInt(pageSize)
    if (BigInt(size) < needed) throw damaged(path, `it is cut short: ${size} bytes of the ${needed} it holds`)
  } finally {
    closeSync(fd)
  }
}

function damaged(path: string, why: string): Error {
  return new Error(`${path} is damaged (${why}); move the data directory aside to start afresh`)
}
