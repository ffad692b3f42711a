#!/usr/bin/env node
// `npm run bench`: wall-clock ratios of skctl against baselines measured in the same run, runs interleaved so
// machine noise hits both sides alike. Reports figures; it asserts nothing.
import {spawn, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath} from 'node:url'

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
const results = [compare('skctl --version vs node -e 0', 2.5, [['-e', '0'], env], [[bin, '--version'], env])]

const {child, ready} = await startEmulator()
try {
  const {DEFAULT_CLIENT_SECRET} = await import(join(root, 'dist/emulator/defaults.js'))
  const apiEnv = {
    ...env,
    SCALEKIT_CLIENT_ID: ready.clientId,
    SCALEKIT_CLIENT_SECRET: DEFAULT_CLIENT_SECRET,
    SCALEKIT_ENVIRONMENT_URL: ready.url,
  }
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
} finally {
  child.kill()
  rmSync(configDir, {force: true, recursive: true})
}

process.stdout.write(`${runs} interleaved runs each, medians\n\n`)
process.stdout.write('| measurement | baseline ms | skctl ms | ratio | target |\n|---|---|---|---|---|\n')
for (const r of results) {
  const verdict = r.ratio <= r.target ? 'within' : 'OVER'
  process.stdout.write(
    `| ${r.name} | ${r.baseline.toFixed(0)} | ${r.subject.toFixed(0)} | ${r.ratio.toFixed(2)}× | ≤ ${r.target}× (${verdict}) |\n`,
  )
}
