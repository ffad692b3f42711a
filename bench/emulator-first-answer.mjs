#!/usr/bin/env node
// How long a test waits, in a new process, before an emulator it starts gives its first real answer: importing
// skctl/emulator, `await startEmulator()`, a client-credentials token, then one RPC. Run with no argument, it runs
// each side `BENCH_RUNS` times (default 7) in fresh processes and prints the medians of each step; with `sdk` or
// `raw` it is one such process, printing one JSON line.
//
// - `sdk`: the real `@scalekit-sdk/node`, loaded (and its client built) before the clock starts — the SDK's own load
//   is the app's cost, not the emulator's — then the token and `organization.listOrganization`.
// - `raw`: no SDK in the process; the token from `POST /oauth/token` and `ListOrganizations` over Connect's JSON
//   protocol with node:http (which the emulator has loaded already; fetch would add its own first-use cost), the
//   clock starting with the process.
//
// Steps are milliseconds since the clock started: `imported`, `started` (startEmulator resolved), `token`, `rpc`.
// `BENCH_EMULATOR_ENTRY` times another entry instead of `skctl/emulator` (e.g. the path of tsc's dist/library/emulator.js).
import {spawnSync} from 'node:child_process'
import {request} from 'node:http'
import {performance} from 'node:perf_hooks'
import {fileURLToPath, URLSearchParams} from 'node:url'

const mode = process.argv[2]
const entry = process.env.BENCH_EMULATOR_ENTRY ?? 'skctl/emulator'

if (mode === 'sdk' || mode === 'raw') {
  let t0 = 0
  let sdk
  if (mode === 'sdk') {
    const {ScalekitClient} = await import('@scalekit-sdk/node')
    sdk = ScalekitClient
    t0 = performance.now()
  }
  const at = () => Math.round((performance.now() - t0) * 10) / 10
  const steps = {}
  const {startEmulator} = await import(entry)
  steps.imported = at()
  const emulator = await startEmulator()
  steps.started = at()
  let count
  if (sdk) {
    const client = new sdk(emulator.url, emulator.clientId, emulator.clientSecret)
    await client.getClientAccessToken()
    steps.token = at()
    const page = await client.organization.listOrganization({pageSize: 10})
    count = page.organizations.length
  } else {
    const token = await post(emulator.url, '/oauth/token', {
      'content-type': 'application/x-www-form-urlencoded',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulator.clientId,
        client_secret: emulator.clientSecret,
      }).toString(),
    })
    steps.token = at()
    const page = await post(emulator.url, '/scalekit.v1.organizations.OrganizationService/ListOrganization', {
      authorization: `Bearer ${token.access_token}`,
      'content-type': 'application/json',
      'connect-protocol-version': '1',
      body: JSON.stringify({pageSize: 10}),
    })
    count = (page.organizations ?? []).length
  }
  steps.rpc = at()
  if (count < 1) throw new Error('the first RPC listed no organization')
  process.stdout.write(`${JSON.stringify(steps)}\n`)
  // Not part of a start: the process exits without waiting for stop.
  process.exit(0)
} else {
  const runs = Number(process.env.BENCH_RUNS ?? 7)
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
  for (const side of ['raw', 'sdk']) {
    const samples = []
    for (let i = 0; i < runs; i++) {
      const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), side], {encoding: 'utf8'})
      if (child.status !== 0) throw new Error(`${side} run exited ${child.status}: ${child.stderr}`)
      samples.push(JSON.parse(child.stdout))
    }
    const steps = Object.keys(samples[0])
    const line = steps.map((step) => `${step} ${median(samples.map((s) => s[step]))}`).join(', ')
    console.log(`${side} (median of ${runs} ms since ${side === 'sdk' ? 'the SDK loaded' : 'process start'}): ${line}`)
  }
}

/** POSTs `body` with the other headers given; resolves to the parsed JSON answer, rejects on a status other than 200. */
function post(url, path, {body, ...headers}) {
  return new Promise((resolve, reject) => {
    const outgoing = request(new URL(path, url), {method: 'POST', headers}, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (chunk) => (text += chunk))
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(JSON.parse(text))
          : reject(new Error(`${path}: ${response.statusCode} ${text}`)),
      )
    })
    outgoing.on('error', reject)
    outgoing.end(body)
  })
}
