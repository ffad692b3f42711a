import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {SEED_IDS} from '../../../src/emulator/store/seed.js'
import {cleanEnv, run} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'
import {tempDir} from '../../helpers/tmp.js'

// What users see of pinned ids: an import honours them, an emulator export carries every id, a pin the emulator cannot honour is a bad file pointing at its line, and a real environment's plan
// says which pins it cannot give.

const emulator = useEmulator()

const SEED = `version: 1
organizations:
  acme:
    id: org_acme1
    name: Acme
    domains: [acme.test]
    connections:
      - type: SAML
        provider: okta
      - id: conn_acmeokta2
        type: SAML
        provider: okta
        enabled: false
    directories:
      - id: dir_acme1
        provider: okta
users:
  jane@acme.test:
    id: usr_jane1
    firstName: Jane
    memberships:
      acme: [member]
`

function file(dir: string, name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('pinned ids through the CLI', () => {
  it('import honours them and export writes every id', async () => {
    const dir = tempDir()
    const imported = await run(['emulator', 'import', file(dir, 'seed.yaml', SEED)], {env: emulator.env()})
    expect(imported.stderr).toMatch(/Applied \d+ changes/)
    expect(imported.code).toBe(0)
    const first = join(dir, 'first.yaml')
    expect((await run(['emulator', 'export', first], {env: emulator.env()})).code).toBe(0)
    const exported = readFileSync(first, 'utf8')
    expect(exported).toMatch(/acme:\n {4}id: org_acme1\n/)
    expect(exported).toMatch(/- id: conn_\d{17}\n {8}type: SAML[\s\S]*- id: conn_acmeokta2\n/)
    expect(exported).toContain('- id: dir_acme1\n')
    expect(exported).toMatch(/jane@acme.test:\n {4}id: usr_jane1\n/)

    // A seed from such an export gives every id back: the round trip in emulator-env.test.ts compares the files.
  })

  it('refuses, before the emulator listens, a seed pinning an id the emulator holds for something else', async () => {
    const dir = tempDir()
    const seed = file(dir, 'env.yaml', SEED.replace('org_acme1', SEED_IDS.organization))
    const env = cleanEnv()
    const result = await run(['emulator', 'start', '--port', '0', '--seed', seed], {env})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      `Error: env.yaml:4:9 organizations[acme].id: ${SEED_IDS.organization}: already exists as another organization (Test Organization)`,
    )
    expect(result.stderr).not.toContain('running at')
  })

  it('refuses an import whose pinned id belongs to another organization, naming its line', async () => {
    const dir = tempDir()
    await run(['emulator', 'import', file(dir, 'seed.yaml', SEED)], {env: emulator.env()})
    const clash = file(
      dir,
      'clash.yaml',
      'version: 1\norganizations:\n  globex:\n    name: Globex\n    id: org_acme1\n',
    )
    const result = await run(['emulator', 'import', clash], {env: emulator.env()})
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(
      'clash.yaml:5:9 organizations[globex].id: org_acme1: already exists as another organization (acme)',
    )
  })

  it('plan against an environment that chooses its own ids notes the pins it cannot give', async () => {
    const dir = tempDir()
    const plan = file(dir, 'new.yaml', 'version: 1\norganizations:\n  newco:\n    id: org_newco\n    name: Newco\n')
    const result = await run(['env', 'plan', '-f', plan], {env: emulator.env()})
    expect(result.code).toBe(6)
    expect(result.stderr).toContain(
      'Note: 1 pinned id (org_newco) belongs to something this plan creates: Scalekit chooses the ids of what it creates, so it gets a new one',
    )
  })
})
