import {execFile} from 'node:child_process'
import {resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import {promisify} from 'node:util'

import {expect, it} from 'vitest'

import {cleanEnv} from '../../helpers/cli.js'

const exec = promisify(execFile)

// What a test that awaits `startEmulator()` counts on: the emulator answers, its first calls wait for nothing more
// to load. In a new process, as an app's test suite runs, with the built bundle `skctl/emulator` resolves to; a module
// hook reports each module Node loads, and the script reads those reports synchronously, so whatever loaded before
// startEmulator resolved has been reported by then.
const bundle = pathToFileURL(resolve(import.meta.dirname, '../../../dist/bundle/emulator.js')).href
const script = `
  import {register} from 'node:module'
  import {MessageChannel, receiveMessageOnPort} from 'node:worker_threads'
  const hooks = 'let port; export function initialize(data) { port = data.port }' +
    ' export async function load(url, context, next) { port.postMessage(url); return next(url, context) }'
  const {port1, port2} = new MessageChannel()
  register('data:text/javascript,' + encodeURIComponent(hooks), {data: {port: port2}, transferList: [port2]})
  const loaded = () => {
    const urls = []
    for (let report; (report = receiveMessageOnPort(port1)); ) urls.push(report.message)
    return urls
  }
  const {startEmulator} = await import(${JSON.stringify(bundle)})
  const emulator = await startEmulator()
  const atStart = loaded()
  const token = await fetch(emulator.url + '/oauth/token', {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials', client_id: emulator.clientId, client_secret: emulator.clientSecret,
    }),
  }).then((response) => response.json())
  const page = await fetch(emulator.url + '/scalekit.v1.organizations.OrganizationService/ListOrganization', {
    method: 'POST',
    headers: {authorization: 'Bearer ' + token.access_token, 'content-type': 'application/json'},
    body: '{}',
  }).then((response) => response.json())
  console.log(JSON.stringify({
    handlingLoadedAtStart: atStart.some((url) => /request-handling/.test(url)),
    loadedByFirstCalls: loaded(),
    organizations: page.organizations.map((org) => org.displayName),
  }))
  await emulator.stop()
`

it('startEmulator() resolves once the emulator answers: its first token and RPC load nothing more', async () => {
  const {stdout} = await exec(process.execPath, ['--input-type=module', '-e', script], {env: cleanEnv()})
  expect(JSON.parse(stdout)).toEqual({
    handlingLoadedAtStart: true,
    loadedByFirstCalls: [],
    organizations: ['Test Organization'],
  })
})
