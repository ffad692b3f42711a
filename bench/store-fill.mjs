// Fills an emulator data directory with users, each with a membership of the seeded organization, through the
// store and the same record builders createUserAndMembership uses (a million RPCs would take a quarter of an hour;
// the store is what this measures). Ends without closing the store, as kill -9 would: every write is committed.
// Usage: node bench/store-fill.mjs DATA_DIR COUNT — prints {"ms":…} (the fill alone, not the open) and the memory it
// ends with ({"anonMb":…,"fileMb":…}) on stdout.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const {openStore} = await import(join(root, 'dist/emulator/store/store.js'))
const {SEED_IDS} = await import(join(root, 'dist/emulator/store/seed.js'))
const {newMembership} = await import(join(root, 'dist/emulator/services/membership-changes.js'))
const {newProfile} = await import(join(root, 'dist/emulator/services/user-changes.js'))

const [dataDir, countText] = process.argv.slice(2)
const count = Number(countText)
const store = await openStore({dataDir})
const organization = store.organizations.get(SEED_IDS.organization)
const start = process.hrtime.bigint()
for (let i = 0; i < count; i++) {
  const now = Date.now()
  const userId = store.newId('usr')
  const membership = newMembership(
    store,
    organization,
    userId,
    {roles: [], metadata: {}, sendInvitationEmail: false},
    now,
  )
  const user = {
    id: userId,
    email: `fill-${i}@bench.test`,
    externalId: `fill-${i}`,
    metadata: {},
    profile: newProfile(store.newId('prof'), {givenName: `First${i}`, familyName: `Last${i}`}, true),
    createTime: now,
    updateTime: now,
  }
  store.batch(() => {
    store.users.put(user)
    store.memberships.put(membership)
  })
}
const ms = Number(process.hrtime.bigint() - start) / 1e6
// What the process holds at the end, split into its own memory and the database file's pages it has mapped.
const status = readFileSync('/proc/self/status', 'utf8')
const mb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024
process.stdout.write(`${JSON.stringify({anonMb: mb('RssAnon'), fileMb: mb('RssFile'), ms})}\n`)
process.exit(0)
