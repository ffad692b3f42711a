#!/usr/bin/env node
// `npm run bench`: wall-clock ratios of skctl against baselines measured in the same run, runs interleaved so
// machine noise hits both sides alike. Reports figures; it asserts nothing.
// Knobs: BENCH_RUNS (start-up runs, default 15), BENCH_IMPORT_ROWS (default 100000), BENCH_IMPORT_BIG_ROWS (also
// measure the import's peak memory on that many rows; 0, the default, skips it), BENCH_CLI_FLAGS (node flags for
// the skctl side of the import, e.g. --max-old-space-size=96), BENCH_LIST_USERS (users seeded for the list rows,
// default 40000; 0 skips them), BENCH_LIST_RUNS (interleaved runs of the whole-list and onboard rows, default 3),
// BENCH_ONBOARD_ORGS (organizations, each with a domain, a connection and a directory, for the onboard status row,
// default 1000; 0 skips it), BENCH_ENV_ORGS (organizations, each with 2 domains, a connection and 3 organization
// roles, for the env apply and env plan rows, default 1000; 0 skips them), BENCH_ENV_RUNS (runs of each side of the
// env apply row, each on a fresh emulator, A B B A order, default 2), BENCH_STORE_USERS (users, each with a membership,
// written into a data directory for the store rows, default 1000000; 0 skips them), BENCH_ONLY (a comma-separated
// choice of startup, import, lists, onboard, env, store: run only those rows).
import {spawn, spawnSync} from 'node:child_process'
import {clearInterval, setInterval} from 'node:timers'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath} from 'node:url'

import {ENV_SECRET, ENV_SECRET_NAME, envFile} from './env-data.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin/run.js')
const runs = Number(process.env.BENCH_RUNS ?? 15)
const configDir = mkdtempSync(join(tmpdir(), 'skctl-bench-'))

function time(args, env) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, {cwd: root, encoding: 'utf8', env})
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

function compare(name, target, baseline, subject) {
  const a = []
  const b = []
  time(...baseline) // warm the file cache for both sides
  time(...subject)
  for (let i = 0; i < runs; i++) {
    a.push(time(...baseline))
    b.push(time(...subject))
  }
  const ratio = median(b) / median(a)
  return {baseline: median(a), name, ratio, subject: median(b), target}
}

async function startEmulator() {
  const child = spawn(process.execPath, [join(root, 'dist/emulator/main.js'), '--port', '0', '--quiet'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const line = await new Promise((resolve) => createInterface({input: child.stdout}).once('line', resolve))
  return {child, ready: JSON.parse(line)}
}

const env = {...process.env, CI: 'true', SKCTL_CONFIG_DIR: configDir, SKCTL_NO_KEYCHAIN: '1'}
const only = process.env.BENCH_ONLY?.split(',').map((group) => group.trim())
const wanted = (group) => !only || only.includes(group)
const results = []
if (wanted('startup')) {
  results.push(compare('skctl --version vs node -e 0', 2.5, [['-e', '0'], env], [[bin, '--version'], env]))
  // The goal, a first answer within 300 ms of a new process on a quiet machine, is about 4× the bare floor (~70 ms).
  // Steps of the emulator's side, medians: `node bench/emulator-first-answer.mjs`.
  const firstAnswer = join(root, 'bench/emulator-first-answer.mjs')
  results.push(
    compare(
      'skctl/emulator in a new process: import, startEmulator(), a token and an RPC vs a bare node:http server',
      4,
      [[firstAnswer, 'bare'], env],
      [[firstAnswer, 'raw'], env],
    ),
  )
}

let importResults = []
let listResults = []
let onboardResults = []
let envResults = []
let storeResults = []
const {child, ready} = await startEmulator()
try {
  const apiEnv = await emulatorEnv(ready)
  if (wanted('startup')) {
    for (let i = 0; i < 20; i++) time([bin, 'orgs', 'create', '--name', `Bench ${i}`, '--json'], apiEnv)
    results.push(
      compare(
        'skctl orgs list --json vs SDK script (warm emulator)',
        1.25,
        [[join(root, 'bench/sdk-baseline.mjs')], apiEnv],
        [[bin, 'orgs', 'list', '--json'], apiEnv],
      ),
    )
    results.push(
      compare(
        'skctl sso test --simulate vs skctl orgs get (warm emulator)',
        1.5,
        [[bin, 'orgs', 'get', 'org_10000000000000001', '--json'], apiEnv],
        [
          [
            bin,
            'sso',
            'test',
            '--org',
            'org_10000000000000001',
            '--port',
            '0',
            '--simulate',
            'email=bench@example.com',
            '--json',
          ],
          apiEnv,
        ],
      ),
    )
  }
  if (wanted('import')) importResults = await benchImport(apiEnv)
  if (wanted('lists')) listResults = await benchLists()
  if (wanted('onboard')) onboardResults = await benchOnboard()
  if (wanted('env')) envResults = await benchEnv()
  if (wanted('store')) storeResults = await benchStore()
} finally {
  child.kill()
  rmSync(configDir, {force: true, recursive: true})
}

/** The environment of a CLI talking to an emulator started by startEmulator. */
async function emulatorEnv(ready) {
  const {DEFAULT_CLIENT_SECRET} = await import(join(root, 'dist/emulator/defaults.js'))
  return {
    ...env,
    SCALEKIT_CLIENT_ID: ready.clientId,
    SCALEKIT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    SCALEKIT_ENVIRONMENT_URL: ready.url,
  }
}

/**
 * Milliseconds until the first line reaches stdout; then the reader goes away, as `| head -1` does, and the
 * command must still end with exit 0.
 */
function firstLine(args, env) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const proc = spawn(process.execPath, args, {cwd: root, env, stdio: ['ignore', 'pipe', 'pipe']})
    let ms
    let stderr = ''
    proc.stderr.on('data', (d) => (stderr += d))
    proc.stdout.on('data', (chunk) => {
      if (ms !== undefined || !String(chunk).includes('\n')) return
      ms = Number(process.hrtime.bigint() - start) / 1e6
      proc.stdout.destroy()
    })
    proc.on('close', (code) => {
      if (code !== 0 || ms === undefined) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`))
      else resolve(ms)
    })
  })
}

/**
 * Lists of many users, on an emulator of their own (the import rows above leave hundreds of thousands behind):
 * `users list --all --json` against `users export` of the same users, its peak memory, and the time to the first
 * row of `users list --all | head -1` against `orgs get`.
 */
async function benchLists() {
  const count = Number(process.env.BENCH_LIST_USERS ?? 40_000)
  const listRuns = Number(process.env.BENCH_LIST_RUNS ?? 3)
  if (count <= 0) return []
  const emulator = await startEmulator()
  try {
    const listEnv = await emulatorEnv(emulator.ready)
    const org = 'org_10000000000000001'
    const seed = [bin, 'users', 'import', writeUsers(count, 'list'), '--org', org, '--concurrency', '16', '--yes']
    await measure([...seed, '--json'], listEnv)
    const list = [bin, 'users', 'list', '--all', '--json']
    const exported = [bin, 'users', 'export', '--format', 'jsonl']
    const base = []
    const ours = []
    await measure(list, listEnv) // warm the file cache for both sides
    for (let i = 0; i < listRuns; i++) {
      base.push(await measure(exported, listEnv))
      ours.push(await measure(list, listEnv))
    }
    const firstBase = []
    const firstOurs = []
    for (let i = 0; i < runs; i++) {
      firstBase.push(await firstLine([bin, 'orgs', 'get', org], listEnv))
      firstOurs.push(await firstLine([bin, 'users', 'list', '--all'], listEnv))
    }
    // env export writes users of organizations that have an external id: give the seeded one an external id.
    await measure([bin, 'orgs', 'update', org, '--external-id', 'bench-list', '--json'], listEnv)
    const envExports = []
    for (let i = 0; i < listRuns; i++) {
      envExports.push(
        await measure([bin, 'env', 'export', '--include', 'users', '-o', join(configDir, 'env.yaml')], listEnv),
      )
    }
    const dashboard = await benchDashboardPages(listEnv)
    const users = count.toLocaleString('en-US')
    const ms = (xs) => median(xs.map((x) => x.ms))
    const peak = Math.max(...ours.map((x) => x.peakMb))
    const envPeak = Math.max(...envExports.map((x) => x.peakMb))
    return [
      {
        name: `users list --all --json of ${users} users, ms (skctl ÷ users export --format jsonl, ${listRuns} runs)`,
        base: ms(base),
        ours: ms(ours),
        ratio: ms(ours) / ms(base),
        target: '≤ 1.5×',
        ok: ms(ours) / ms(base) <= 1.5,
      },
      {
        name: `peak RSS of users list --all --json, ${users} users, MB (users export as reference)`,
        base: Math.max(...base.map((x) => x.peakMb)),
        ours: peak,
        ratio: peak / Math.max(...base.map((x) => x.peakMb)),
        target: '≤ 250 MB',
        ok: peak <= 250,
      },
      {
        name: `peak RSS of env export --include users, ${users} users, MB (users export as reference)`,
        base: Math.max(...base.map((x) => x.peakMb)),
        ours: envPeak,
        ratio: envPeak / Math.max(...base.map((x) => x.peakMb)),
        target: '≤ 250 MB',
        ok: envPeak <= 250,
      },
      {
        name: `dashboard users page, last pages of ${users} users, ms (÷ the second page)`,
        base: dashboard.first,
        ours: dashboard.last,
        ratio: dashboard.last / dashboard.first,
        target: '≤ 1.5×',
        ok: dashboard.last / dashboard.first <= 1.5,
      },
      {
        name: `first line of users list --all \\| head -1, ms (÷ orgs get, ${runs} runs)`,
        base: median(firstBase),
        ours: median(firstOurs),
        ratio: median(firstOurs) / median(firstBase),
        target: '≤ 2×',
        ok: median(firstOurs) / median(firstBase) <= 2,
      },
    ]
  } finally {
    emulator.child.kill()
  }
}

/**
 * The dashboard's users list walked page by page through its Next links, as a browser would: the median time of the
 * last ten pages against the second page fetched as often (it has a Previous link to compute too, as they do).
 * Cursor paging keeps them alike.
 */
async function benchDashboardPages(listEnv) {
  const authorization = `Basic ${Buffer.from(`${listEnv.SCALEKIT_CLIENT_ID}:${listEnv.SCALEKIT_CLIENT_SECRET}`).toString('base64')}`
  const page = async (path) => {
    const start = process.hrtime.bigint()
    const res = await fetch(`${listEnv.SCALEKIT_ENVIRONMENT_URL}${path}`, {headers: {authorization}})
    const text = await res.text()
    if (!res.ok) throw new Error(`GET ${path}: HTTP ${res.status}`)
    const next = /href="([^"]+)" rel="next"/.exec(text)?.[1]?.replaceAll('&amp;', '&')
    return {ms: Number(process.hrtime.bigint() - start) / 1e6, next}
  }
  const times = []
  const paths = []
  let path = '/dashboard/users'
  while (path) {
    const {ms, next} = await page(path)
    times.push(ms)
    paths.push(path)
    path = next
  }
  const second = paths[1] ?? paths[0]
  const seconds = []
  for (let i = 0; i < 10; i++) seconds.push((await page(second)).ms)
  return {first: median(seconds), last: median(times.slice(-10))}
}

/**
 * `onboard status --all` against `connections check` on the same organizations, each with an organization domain,
 * an enabled IdP-simulator connection and a SCIM directory, seeded through skctl's own API layer, on an emulator of
 * their own. Both sides look at every organization; the target is ≤ 1.5×.
 */
async function benchOnboard() {
  const orgs = Number(process.env.BENCH_ONBOARD_ORGS ?? 1000)
  const onboardRuns = Number(process.env.BENCH_LIST_RUNS ?? 3)
  if (orgs <= 0) return []
  const emulator = await startEmulator()
  try {
    const onboardEnv = await emulatorEnv(emulator.ready)
    await seedOnboarding(onboardEnv, orgs)
    const status = [bin, 'onboard', 'status', '--all', '--json']
    const check = [bin, 'connections', 'check', '--all', '--json']
    const base = []
    const ours = []
    await measure(status, onboardEnv, [0, 6]) // warm the file cache for both sides
    for (let i = 0; i < onboardRuns; i++) {
      base.push(await measure(check, onboardEnv, [0, 6]))
      ours.push(await measure(status, onboardEnv, [0, 6]))
    }
    const ms = (xs) => median(xs.map((x) => x.ms))
    return [
      {
        name: `onboard status --all --json of ${orgs.toLocaleString('en-US')} organizations, ms (÷ connections check --all, ${onboardRuns} runs)`,
        base: ms(base),
        ours: ms(ours),
        ratio: ms(ours) / ms(base),
        target: '≤ 1.5×',
        ok: ms(ours) / ms(base) <= 1.5,
      },
    ]
  } finally {
    emulator.child.kill()
  }
}

/**
 * `env apply` of `count` organizations against the SDK loop of bench/env-apply-baseline.mjs making the same calls at
 * the same concurrency, each run on a fresh emulator (A B B A); then, on the environment the last apply made,
 * `env plan` of the same file (nothing to change: exit 0) against `orgs list --all` of the same organizations.
 */
async function benchEnv() {
  const count = Number(process.env.BENCH_ENV_ORGS ?? 1000)
  const envRuns = Number(process.env.BENCH_ENV_RUNS ?? 2)
  const planRuns = Number(process.env.BENCH_LIST_RUNS ?? 3)
  if (count <= 0) return []
  const concurrency = '8'
  const file = join(configDir, 'env-bench.yaml')
  writeFileSync(file, envFile(count))
  const apply = [bin, 'env', 'apply', '-f', file, '--concurrency', concurrency, '--yes', '--json']
  const script = [join(root, 'bench/env-apply-baseline.mjs'), String(count), concurrency]
  const base = []
  const ours = []
  let applied
  const order = Array.from({length: envRuns}, (_, i) => (i % 2 === 0 ? 'ba' : 'ab')).join('')
  for (const side of order) {
    const emulator = await startEmulator()
    try {
      const sideEnv = {...(await emulatorEnv(emulator.ready)), [ENV_SECRET_NAME]: ENV_SECRET}
      await measure([bin, 'orgs', 'list', '--json'], sideEnv) // one warm-up call each: the first is always slower
      if (side === 'b') base.push(await measure(script, sideEnv))
      else {
        ours.push(await measure(apply, sideEnv))
        applied?.child.kill()
        applied = {...emulator, env: sideEnv}
        continue
      }
    } catch (error) {
      applied?.child.kill()
      emulator.child.kill()
      throw error
    }
    emulator.child.kill()
  }
  try {
    const plan = [bin, 'env', 'plan', '-f', file, '--json']
    const list = [bin, 'orgs', 'list', '--all', '--json']
    const planned = []
    const listed = []
    await measure(plan, applied.env) // warm the file cache for both sides; exit 0: nothing left to change
    for (let i = 0; i < planRuns; i++) {
      listed.push(await measure(list, applied.env))
      planned.push(await measure(plan, applied.env))
    }
    const orgs = count.toLocaleString('en-US')
    const rate = (xs) => count / (xs.reduce((sum, x) => sum + x.ms, 0) / xs.length / 1000)
    const ms = (xs) => median(xs.map((x) => x.ms))
    return [
      ratioRow(
        `env apply of ${orgs} organizations (2 domains, a connection, 3 roles each), organizations/s (skctl ÷ SDK loop, concurrency ${concurrency}, ${envRuns} runs each)`,
        rate(base),
        rate(ours),
        ['≥ 0.9×', (ratio) => ratio >= 0.9],
      ),
      ratioRow(
        `env plan of the same file, already applied, ms (÷ orgs list --all --json, ${planRuns} runs)`,
        ms(listed),
        ms(planned),
        ['≤ 2×', (ratio) => ratio <= 2],
      ),
    ]
  } finally {
    applied?.child.kill()
  }
}

/**
 * A data directory holding `count` users, each with a membership: written through the store (bench/store-fill.mjs,
 * which ends as kill -9 would), then the emulator restarted on it twice — right after the writes, and again after
 * a clean stop. Restart-to-ready is the time from spawn to the ready line; RSS is read once it is ready (after a
 * users list and two pages of the organization's members, so it counts a working emulator) and its peak.
 */
async function benchStore() {
  const count = Number(process.env.BENCH_STORE_USERS ?? 1_000_000)
  if (count <= 0) return []
  const dataDir = mkdtempSync(join(tmpdir(), 'skctl-bench-store-'))
  try {
    const fill = await measure([join(root, 'bench/store-fill.mjs'), dataDir, String(count)], env, [0], true)
    const {anonMb, fileMb, ms: fillMs} = JSON.parse(fill.stdout)
    const afterWrites = await restartOn(dataDir, count)
    const afterStop = await restartOn(dataDir, count)
    const users = count.toLocaleString('en-US')
    const mb = (bytes) => bytes / 1024 / 1024
    return [
      ratioRow(
        `store: users with a membership written, users/s (${users} users; reference)`,
        count / (fillMs / 1000),
        count / (fillMs / 1000),
        ['reference', () => true],
      ),
      // The writer maps the database file's pages as it walks the indexes: they are the OS's page cache, shared and
      // reclaimable, and most of its RSS, so the row is a reference and says how much is the process's own.
      ratioRow(
        `store: peak RSS while writing ${users} users, MB (at the end: ${Math.round(anonMb)} MB its own, ${Math.round(fileMb)} MB file pages; reference)`,
        fill.peakMb,
        fill.peakMb,
        ['reference', () => true],
      ),
      ratioRow(
        `store: restart-to-ready after the writes (kill -9), ${users} users, ms (÷ 10 s)`,
        10_000,
        afterWrites.ms,
        ['≤ 1.0×', (r) => r <= 1],
      ),
      ratioRow(`store: restart-to-ready after a clean stop, ${users} users, ms (÷ 10 s)`, 10_000, afterStop.ms, [
        '≤ 1.0×',
        (r) => r <= 1,
      ]),
      ratioRow(
        `store: CPU time (user + system) of the restart after a clean stop, ${users} users, ms (÷ 10 s)`,
        10_000,
        afterStop.cpuMs,
        ['≤ 1.0×', (r) => r <= 1],
      ),
      ratioRow(`store: RSS once ready, ${users} users, MB (≤ 1 GB)`, 1024, mb(afterStop.rss), [
        '≤ 1.0×',
        (r) => r <= 1,
      ]),
      ratioRow(
        `store: of which the process's own memory (RssAnon; the rest is the database file's pages, RssFile ${Math.round(mb(afterStop.file))} MB), MB`,
        1024,
        mb(afterStop.anon),
        ['≤ 1.0×', (r) => r <= 1],
      ),
      ratioRow(
        `store: peak RSS while restarting, ${users} users, MB (≤ 1 GB)`,
        1024,
        mb(Math.max(afterWrites.peak, afterStop.peak)),
        ['≤ 1.0×', (r) => r <= 1],
      ),
    ]
  } finally {
    rmSync(dataDir, {force: true, recursive: true})
  }
}

/** Starts the emulator on `dataDir`, times it to ready, checks it holds `count` users, reads its memory, stops it. */
async function restartOn(dataDir, count) {
  const start = process.hrtime.bigint()
  const child = spawn(
    process.execPath,
    [join(root, 'dist/emulator/main.js'), '--port', '0', '--quiet', '--data-dir', dataDir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const line = await new Promise((resolve) => createInterface({input: child.stdout}).once('line', resolve))
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  // Fields 14 and 15 of /proc/PID/stat: user and system CPU time in clock ticks (100 a second on Linux), read at
  // the ready line: what the load itself cost, which a busy machine does not inflate as it does the wall time.
  const ticks = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  const cpuMs = (Number(ticks[11]) + Number(ticks[12])) * 10
  const exited = new Promise((resolve) => child.once('exit', resolve))
  try {
    const {ScalekitClient} = await import('@scalekit-sdk/node')
    const {DEFAULT_CLIENT_SECRET} = await import(join(root, 'dist/emulator/defaults.js'))
    const ready = JSON.parse(line)
    const sk = new ScalekitClient(ready.url, ready.clientId, DEFAULT_CLIENT_SECRET)
    const {totalSize} = await sk.user.listUsers({pageSize: 1})
    if (totalSize !== count) throw new Error(`the restarted emulator holds ${totalSize} users, not ${count}`)
    // Some work on the big organization too: two pages of its members, each with their total.
    const {SEED_IDS} = await import(join(root, 'dist/emulator/store/seed.js'))
    const members = await sk.user.listOrganizationUsers(SEED_IDS.organization, {pageSize: 100})
    if (members.totalSize !== count) throw new Error(`the organization lists ${members.totalSize} users, not ${count}`)
    await sk.user.listOrganizationUsers(SEED_IDS.organization, {pageSize: 100, pageToken: members.nextPageToken})
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
    const kb = (field) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) * 1024
    return {anon: kb('RssAnon'), cpuMs, file: kb('RssFile'), ms, peak: kb('VmHWM'), rss: kb('VmRSS')}
  } finally {
    child.kill('SIGTERM')
    await exited
  }
}

/** A row of the second table: skctl's figure over the baseline's, and whether that ratio meets the target. */
function ratioRow(name, base, ours, [target, meets]) {
  return {base, name, ok: meets(ours / base), ours, ratio: ours / base, target}
}

/** `count` organizations, each with a domain, an enabled connection and a directory, 16 at a time. */
async function seedOnboarding(apiEnv, count) {
  const {Api} = await import(join(root, 'dist/api/client.js'))
  const {createOrganization, updateFeatures} = await import(join(root, 'dist/api/organizations.js'))
  const {addDomain} = await import(join(root, 'dist/api/domains.js'))
  const {createConnection} = await import(join(root, 'dist/api/connections.js'))
  const {createDirectory} = await import(join(root, 'dist/api/directories.js'))
  const api = new Api({
    clientId: apiEnv.SCALEKIT_CLIENT_ID,
    clientSecret: apiEnv.SCALEKIT_CLIENT_SECRET,
    environmentUrl: apiEnv.SCALEKIT_ENVIRONMENT_URL,
  })
  await api.client()
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      const org = await createOrganization(api, {externalId: `onboard-${i}`, name: `Onboard ${i}`})
      await updateFeatures(api, org.id, [
        {enabled: true, name: 'sso'},
        {enabled: true, name: 'dir_sync'},
      ])
      await addDomain(api, org.id, `onboard-${i}.example`, 'organization')
      await createConnection(api, org.id, {changes: {}, enable: true, provider: 'idp-simulator', type: 'OIDC'})
      await createDirectory(api, org.id, 'okta')
    }
  }
  await Promise.all(Array.from({length: 16}, worker))
}

/** A CSV of `count` synthetic users, the columns the baseline script reads. */
function writeUsers(count, prefix) {
  const path = join(configDir, `${prefix}.csv`)
  const lines = ['email,first_name,last_name,external_id']
  for (let i = 0; i < count; i++) lines.push(`${prefix}-${i}@bench.test,First${i},Last${i},${prefix}-${i}`)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

/** Runs a process to its end; wall time, peak RSS (VmHWM, polled from /proc while it runs) and, if asked, stdout. */
function measure(args, env, okCodes = [0], keepStdout = false) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const proc = spawn(process.execPath, args, {
      cwd: root,
      env,
      stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'],
    })
    let stderr = ''
    let stdout = ''
    proc.stdout?.on('data', (d) => (stdout += d))
    let peakKb = 0
    proc.stderr.on('data', (d) => (stderr += d))
    const poll = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${proc.pid}/status`, 'utf8'))
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]))
      } catch {
        // The process ended between two polls: its last reading stands.
      }
    }, 25)
    proc.on('close', (code) => {
      clearInterval(poll)
      if (!okCodes.includes(code)) reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`))
      else resolve({ms: Number(process.hrtime.bigint() - start) / 1e6, peakMb: peakKb / 1024, stdout})
    })
  })
}

/**
 * skctl users import against a minimal SDK loop (bench/import-baseline.mjs), same file size, concurrency and
 * emulator, interleaved A B B A; then the CLI's peak memory on ten times the rows.
 */
async function benchImport(apiEnv) {
  const rows = Number(process.env.BENCH_IMPORT_ROWS ?? 100_000)
  const bigRows = Number(process.env.BENCH_IMPORT_BIG_ROWS ?? 0)
  const concurrency = '16'
  const org = 'org_10000000000000001'
  const cli = (file) => [
    ...(process.env.BENCH_CLI_FLAGS ? process.env.BENCH_CLI_FLAGS.split(' ') : []),
    bin,
    'users',
    'import',
    file,
    '--org',
    org,
    '--concurrency',
    concurrency,
    '--yes',
    '--json',
  ]
  const script = (file) => [join(root, 'bench/import-baseline.mjs'), file, org, concurrency]
  await measure(cli(writeUsers(2000, 'warm')), apiEnv)
  const base = []
  const ours = []
  for (const [i, order] of [
    ['a', 'ba'],
    ['b', 'ab'],
  ]) {
    for (const side of order) {
      const file = writeUsers(rows, `${side === 'b' ? 'sdk' : 'cli'}-${i}`)
      const result = await measure(side === 'b' ? script(file) : cli(file), apiEnv)
      ;(side === 'b' ? base : ours).push(result)
    }
  }
  const rate = (xs) => rows / (xs.reduce((sum, x) => sum + x.ms, 0) / xs.length / 1000)
  const peak = (xs) => Math.max(...xs.map((x) => x.peakMb))
  const results = [
    {
      name: `users import of ${rows.toLocaleString('en-US')} rows, rows/s (skctl ÷ SDK loop, concurrency ${concurrency})`,
      base: rate(base),
      ours: rate(ours),
      ratio: rate(ours) / rate(base),
      target: '≥ 0.9×',
      ok: rate(ours) / rate(base) >= 0.9,
    },
    {
      name: `peak RSS, ${rows.toLocaleString('en-US')} rows, MB (skctl; the SDK loop as reference)`,
      base: peak(base),
      ours: peak(ours),
      ratio: peak(ours) / peak(base),
      target: 'reference',
      ok: true,
    },
  ]
  if (bigRows > 0) {
    const big = await measure(cli(writeUsers(bigRows, 'cli-big')), apiEnv)
    results.push({
      name: `peak RSS, ${bigRows.toLocaleString('en-US')} rows vs ${rows.toLocaleString('en-US')} rows, MB`,
      base: peak(ours),
      ours: big.peakMb,
      ratio: big.peakMb / peak(ours),
      target: '≤ 200 MB and ≤ 1.3×',
      ok: big.peakMb <= 200 && big.peakMb / peak(ours) <= 1.3,
    })
    results.push({
      name: `users import of ${bigRows.toLocaleString('en-US')} rows, rows/s`,
      base: rate(ours),
      ours: bigRows / (big.ms / 1000),
      ratio: bigRows / (big.ms / 1000) / rate(ours),
      target: 'reference',
      ok: true,
    })
  }
  return results
}

process.stdout.write(`${runs} interleaved runs each, medians\n\n`)
process.stdout.write('| measurement | baseline ms | skctl ms | ratio | target |\n|---|---|---|---|---|\n')
for (const r of results) {
  const verdict = r.ratio <= r.target ? 'within' : 'OVER'
  process.stdout.write(
    `| ${r.name} | ${r.baseline.toFixed(0)} | ${r.subject.toFixed(0)} | ${r.ratio.toFixed(2)}× | ≤ ${r.target}× (${verdict}) |\n`,
  )
}
process.stdout.write('\n| import and list measurement | baseline | skctl | ratio | target |\n|---|---|---|---|---|\n')
for (const r of [...importResults, ...listResults, ...onboardResults, ...envResults, ...storeResults]) {
  process.stdout.write(
    `| ${r.name} | ${r.base.toFixed(0)} | ${r.ours.toFixed(0)} | ${r.ratio.toFixed(2)}× | ${r.target} (${r.ok ? 'within' : 'OUT'}) |\n`,
  )
}
