import {writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

import {ScalekitClient} from '@scalekit-sdk/node'
import {describe, expect, it} from 'vitest'

import {SEED_IDS} from '../../../src/emulator/store/seed.js'
import {tempDir} from '../../helpers/tmp.js'

// The built bundle, the file `skctl/emulator` resolves to: the seeding it loads is tsc's output, outside the bundle,
// with its own copy of what both use.
const bundle = pathToFileURL(resolve(import.meta.dirname, '../../../dist/bundle/emulator.js')).href
const {startEmulator} = (await import(bundle)) as typeof import('../../../src/library/emulator.js')

// `startEmulator({seed})` from `skctl/emulator`: the seed file (or object) checked, applied with its pinned ids, a
// bad one a thrown Error naming the file position, and reset() back to the seed.

const SEED = `version: 1
organizations:
  acme:
    id: org_acme1
    name: Acme
    domains: [acme.test]
users:
  jane@acme.test:
    id: usr_jane1
    memberships:
      acme: [member]
`

describe('startEmulator({seed})', () => {
  it('applies a seed file with its pinned ids, and reset() returns to it', async () => {
    const file = join(tempDir(), 'env.yaml')
    writeFileSync(file, SEED)
    const emulator = await startEmulator({seed: file})
    try {
      const scalekit = new ScalekitClient(emulator.url, emulator.clientId, emulator.clientSecret)
      const {organization} = await scalekit.organization.getOrganization('org_acme1')
      expect(organization?.externalId).toBe('acme')
      expect((await scalekit.user.getUser('usr_jane1')).user?.email).toBe('jane@acme.test')

      await scalekit.organization.deleteOrganization('org_acme1')
      await scalekit.organization.createOrganization('Later', {externalId: 'later'})
      await emulator.reset()
      const {organizations} = await scalekit.organization.listOrganization({pageSize: 30})
      expect(organizations.map((o) => o.id).sort()).toEqual(['org_acme1', SEED_IDS.organization].sort())
    } finally {
      await emulator.stop()
    }
  })

  it('takes the file as an object, and rejects a bad one with an Error naming the place', async () => {
    const bad = startEmulator({
      seed: {version: 1, organizations: {acme: {name: 'Acme', id: 'org_acme1', domains: ['not a domain']}}},
    })
    await expect(bad).rejects.toThrow(/^seed:\d+:\d+ organizations\[acme\]\.domains\[0\]: not a domain name/)
    await expect(bad).rejects.not.toHaveProperty('name', 'CliError')
  })

  it('rejects a malformed pinned id and an id pinned twice, naming each place', async () => {
    const file = join(tempDir(), 'pins.yaml')
    writeFileSync(file, SEED.replace('org_acme1', 'org_not-an-id'))
    await expect(startEmulator({seed: file})).rejects.toThrow(
      /^pins\.yaml:4:9 organizations\[acme\]\.id: not an id of this kind/,
    )
    writeFileSync(
      file,
      SEED.replace('id: usr_jane1', 'id: usr_twice').concat(
        '  sam@acme.test:\n    id: usr_twice\n    memberships:\n      acme: [member]\n',
      ),
    )
    await expect(startEmulator({seed: file})).rejects.toThrow(
      /^pins\.yaml:13:9 users\[sam@acme\.test\]\.id: usr_twice is pinned twice \(first at pins\.yaml:9:9\)/,
    )
  })

  it('rejects a pinned id the emulator holds for something else, before it listens', async () => {
    const file = join(tempDir(), 'clash.yaml')
    writeFileSync(file, SEED.replace('org_acme1', SEED_IDS.organization))
    await expect(startEmulator({seed: file})).rejects.toThrow(
      `clash.yaml:4:9 organizations[acme].id: ${SEED_IDS.organization}: already exists as another organization (Test Organization)`,
    )
  })
})
