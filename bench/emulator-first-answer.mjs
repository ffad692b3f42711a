#!/usr/bin/env node
// How long a test waits, in a new process, before an emulator it starts gives its first real answer: importing
// skctl/emulator, `await startEmulator()`, a client-credentials token, then one RPC. Run with no argument, it runs
// each side `BENCH_RUNS` times (default 7) in fresh processes and prints the medians of each step; with `sdk`, `raw`
// or `bare` it is one such process, printing one JSON line.
//
// - `sdk`: the real `@scalekit-sdk/node`, loaded before the clock starts — the SDK's own load is the app's cost, not
//   the emulator's — then its token and `organization.listOrganization`.
// - `raw`: no SDK in the process; the token from `POST /oauth/token` and `ListOrganizations` over Connect's JSON
//   protocol with node:http (which the emulator has loaded already; fetch would add its own first-use cost), the
//   clock starting with the process.
// - `bare`: as `raw`, against a bare node:http server that answers both requests with constants: the floor any
//   emulator's start stands on (`npm run bench` compares the two).
//
// Steps are milliseconds since the clock started: `imported`, `started` (startEmulator resolved), `token`, `rpc`;
// `cpu` is the CPU time the process used meanwhile (all its threads: on a busy machine, the steadier figure).
// `BENCH_EMULATOR_ENTRY` times another entry instead of `skctl/emulator` (e.g. the path of tsc's dist/library/emulator.js).
import {spawnSync} from 'node:child_process'
import {createServer, request} from 'node:http'
import {performance} from 'node:perf_hooks'
import {fileURLToPath, URLSearchParams} from 'node:url'

const mode = process.argv[2]
const entry = process.env.BENCH_EMULATOR_ENTRY ?? 'skctl/emulator'

if (mode === 'sdk' || mode === 'raw' || mode === 'bare') {
  let t0 = 0
  let sdk
  if (mode === 'sdk') {
    const {ScalekitClient} = await import('@scalekit-sdk/node')
    sdk = ScalekitClient
    t0 = performance.now()
  }
  const at = () => Math.round((performance.now() - t0) * 10) / 10
  const cpuMs = () => (({user, system}) => (user + system) / 1000)(process.cpuUsage())
  const cpu0 = t0 === 0 ? 0 : cpuMs()
  const steps = {}
  let emulator
  if (mode === 'bare') {
    emulator = await startBareServer()
  } else {
    const {startEmulator} = await import(entry)
    steps.imported = at()
    emulator = await startEmulator()
  }
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
  steps.cpu = Math.round(cpuMs() - cpu0)
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
  for (const side of ['bare', 'raw', 'sdk']) {
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

/** A server answering the token request and the RPC with constants, as an emulator's handle describes it. */
async function startBareServer() {
  const server = createServer((incoming, response) => {
    incoming.resume()
    incoming.on('end', () =>
      response.end(incoming.url === '/oauth/token' ? '{"access_token":"t"}' : '{"organizations":[{"id":"org_1"}]}'),
    )
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {url: `http://127.0.0.1:${server.address().port}`, clientId: 'id', clientSecret: 'secret'}
}
