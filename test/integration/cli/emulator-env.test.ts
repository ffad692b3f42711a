import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {afterAll, beforeAll, describe, expect, it} from 'vitest'

import {run, runJson, start} from '../../helpers/cli.js'
import {useEmulator, useEmulatorSandboxes} from '../../helpers/emulator.js'

// `skctl emulator export|import`, `emulator start --seed` and `--export-on-exit`: the environment file with the
// emulator. One in-process emulator (A) is filled through `emulator import`; the others are started by the CLI.

const SEED = `version: 1
permissions:
  invoices:read:
    description: Read invoices
roles:
  auditor:
    displayName: Auditor
    permissions: [invoices:read]
organizations:
  acme-42:
    name: Acme Corp
    metadata: {plan: enterprise}
    domains: [acme.com]
    connections:
      - type: OIDC
        provider: okta
        enabled: true
        oidc: {issuer: 'https://acme.okta.com', clientId: 0oa1acme, clientSecret: '\${ACME_SECRET}'}
  globex-7:
    name: Globex
users:
  jane@acme.com:
    firstName: Jane
    memberships:
      acme-42: [auditor]
`
// The name `emulator export` gives the connection's secret in the file it writes.
const EXPORTED_SECRET = {ACME_42_OKTA_OIDC_CLIENT_SECRET: 'exported-secret'}

const a = useEmulator()
const sandbox = useEmulatorSandboxes()
let dir: string
let exported: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'skctl-emulator-env-'))
  writeFileSync(join(dir, 'seed.yaml'), SEED)
  const imported = await run(['emulator', 'import', join(dir, 'seed.yaml')], {env: a.env({ACME_SECRET: 'x'})})
  expect(imported.stderr).toContain('Applied')
  expect(imported.code).toBe(0)
  exported = join(dir, 'a.yaml')
  const result = await runJson(['emulator', 'export', exported], {env: a.env()})
  expect(result.json).toEqual({organizations: 2, output: exported, users: 1})
})

afterAll(() => rmSync(dir, {force: true, recursive: true}))

describe('skctl emulator export and import', () => {
  it('exports what was imported, users included, with secrets as ${VAR}s', () => {
    const text = readFileSync(exported, 'utf8')
    expect(text).toContain('jane@acme.com:')
    expect(text).toContain('clientSecret: ${ACME_42_OKTA_OIDC_CLIENT_SECRET}')
    expect(text).toContain('globex-7:')
  })

  it('refuses a bad file before any change, and an environment that is not the emulator', async () => {
    const bad = await run(['emulator', 'import', join(dir, 'seed.yaml')], {env: a.env()})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('${ACME_SECRET} is not set')

    const notEmulator: Server = createServer((_req, res) => res.writeHead(404).end())
    await new Promise<void>((done) => notEmulator.listen(0, '127.0.0.1', done))
    try {
      const url = `http://127.0.0.1:${(notEmulator.address() as AddressInfo).port}`
      const refused = await run(['emulator', 'export', join(dir, 'x.yaml')], {
        env: a.env({SCALEKIT_ENVIRONMENT_URL: url}),
      })
      expect(refused.code).toBe(2)
      expect(refused.stderr).toMatch(/is not the skctl emulator[\s\S]*Hint:/)
      expect(existsSync(join(dir, 'x.yaml'))).toBe(false)
    } finally {
      notEmulator.close()
    }
  })
})

describe('skctl emulator start --seed', () => {
  it('round trip: an emulator seeded with an export exports the same file, and env plan finds nothing to change', async () => {
    const env = {...sandbox(), ...EXPORTED_SECRET}
    const started = await run(['emulator', 'start', '--port', '0', '--detach', '--seed', exported], {env})
    expect(started.code).toBe(0)
    const again = join(dir, 'b.yaml')
    expect((await run(['emulator', 'export', again], {env})).code).toBe(0)
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(exported, 'utf8'))
    const plan = await run(['env', 'plan', '-f', exported], {env})
    expect(plan.code).toBe(0)

    // reset returns to the seed, not to an empty emulator.
    await runJson(['orgs', 'create', 'Extra', '--external-id', 'extra-1'], {env})
    const reset = await runJson(['emulator', 'reset', '--yes'], {env})
    expect(reset.json).toMatchObject({reset: true, seed: exported})
    expect((await run(['emulator', 'export', again], {env})).code).toBe(0)
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(exported, 'utf8'))
  })

  it('a bad seed file is exit 2 before anything listens; one that fails to apply stops the new emulator', async () => {
    const env = sandbox()
    const bad = await run(['emulator', 'start', '--port', '0', '--detach', '--seed', join(dir, 'seed.yaml')], {env})
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('seed.yaml:')
    expect(bad.stderr).toContain('${ACME_SECRET} is not set')
    const configDir = env.SKCTL_CONFIG_DIR as string
    expect(existsSync(join(configDir, 'emulator.json'))).toBe(false)
    const status = await runJson(['emulator', 'status'], {env})
    expect(status.json).toMatchObject({error: {code: 'not_found'}})

    // A file that is valid but does not apply: the new emulator is stopped again, exit 1.
    const unknownRole = join(dir, 'unknown-role.yaml')
    writeFileSync(
      unknownRole,
      'version: 1\norganizations:\n  a-1: {name: A}\nusers:\n  j@a.com:\n    memberships: {a-1: [no_such_role]}\n',
    )
    const failed = await run(['emulator', 'start', '--port', '0', '--detach', '--seed', unknownRole], {env})
    expect(failed.code).toBe(1)
    expect(failed.stderr).toContain('1 change of')
    expect(failed.stderr).toContain('role no_such_role not found')
    expect(existsSync(join(configDir, 'emulator.json'))).toBe(false)
  })
})

describe('skctl emulator start --export-on-exit', () => {
  it('writes the state on SIGTERM; a failed export keeps the previous file and exits non-zero', async () => {
    const out = join(dir, 'on-exit.yaml')
    const first = start(['emulator', 'start', '--port', '0', '--seed', exported, '--export-on-exit', out], {
      ...sandbox(),
      ...EXPORTED_SECRET,
    })
    await first.stderrMatching(/Press Ctrl-C/)
    first.child.kill('SIGTERM')
    const stopped = await first.exited
    expect(stopped.stderr).toContain(`Exported the emulator's state to ${out}`)
    expect(stopped.code).toBe(0)
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(exported, 'utf8'))

    writeFileSync(out, 'previous\n')
    const second = start(['emulator', 'start', '--port', '0', '--export-on-exit', out], sandbox())
    await second.stderrMatching(/Press Ctrl-C/)
    // The export's temporary file cannot be made (a directory is in its place): the export fails at exit time.
    mkdirSync(`${out}.${second.child.pid}.partial`)
    second.child.kill('SIGTERM')
    const failed = await second.exited
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(
      /could not export the emulator's state to .*on-exit\.yaml[\s\S]*Hint: any earlier file/,
    )
    expect(readFileSync(out, 'utf8')).toBe('previous\n')
  })
})
