import {execFile} from 'node:child_process'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {describe, expect, it} from 'vitest'

import {cleanEnv} from '../helpers/cli.js'
import {useEmulator} from '../helpers/emulator.js'
import {tempDir} from '../helpers/tmp.js'

const exec = promisify(execFile)
const version = (await import('../../package.json', {with: {type: 'json'}})).default.version

const emulator = useEmulator()

describe('the npm package', () => {
  it(
    'packs, installs globally into an empty prefix with no build and no install script, and runs',
    {timeout: 240_000},
    async () => {
      const out = tempDir('skctl-pack-')
      const prefix = tempDir('skctl-prefix-')
      // --ignore-scripts: the build is already there, and rebuilding dist would pull it from under parallel tests.
      await exec('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out])
      const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'))
      expect(tarball).toBeDefined()
      // Run where no package.json is, as a user would: npm must not build or run anything of skctl's.
      const installed = await exec(
        'npm',
        ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(out, tarball as string)],
        {cwd: out},
      )
      expect(`${installed.stdout}${installed.stderr}`).not.toMatch(/install-scripts|allowScripts|skctl@[\d.]+ \(/)
      const root = join(prefix, 'lib', 'node_modules', 'skctl')
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {scripts: Record<string, string>}
      for (const lifecycle of ['preinstall', 'install', 'postinstall', 'prepare']) {
        expect(manifest.scripts[lifecycle], lifecycle).toBeUndefined()
      }
      expect(existsSync(join(root, 'dist', 'commands', 'orgs', 'create.js'))).toBe(true)
      expect(existsSync(join(root, 'docs', 'orgs.md'))).toBe(true)

      const skctl = join(prefix, 'bin', 'skctl')
      const env = cleanEnv()
      const v = await exec(skctl, ['--version'], {env})
      expect(v.stdout).toMatch(new RegExp(`^skctl/${version.replaceAll('.', '\\.')} `))
      const help = await exec(skctl, ['--help'], {env})
      expect(help.stdout).toMatch(/^TOPICS$/m)
      expect(help.stdout).toMatch(/^ {2}emulator +Run a local Scalekit emulator/m)
      expect(help.stdout).toMatch(/^ {2}orgs +Manage organizations/m)
      expect(help.stdout).toMatch(/login\s+Save and verify credentials/)
      const orgHelp = await exec(skctl, ['orgs', 'create', '--help'], {env})
      expect(orgHelp.stdout).toMatch(/--external-id/)
      // A real command through the installed copy: its SDK and dependencies resolve from the prefix.
      const created = await exec(
        skctl,
        ['orgs', 'create', '--name', 'Packed Inc', '--external-id', 'packed', '--json'],
        {
          env: emulator.env(),
        },
      )
      expect(JSON.parse(created.stdout)).toMatchObject({displayName: 'Packed Inc', externalId: 'packed'})
    },
  )
})

describe('skctl --version', () => {
  it('answers from its fast path exactly as oclif does', async () => {
    const env = cleanEnv()
    const fast = await exec(process.execPath, ['bin/run.js', '--version'], {env})
    // With another argument the fast path stands aside and oclif answers.
    const framework = await exec(process.execPath, ['bin/run.js', '--version', '--json'], {env})
    expect(fast.stdout).toBe(`skctl/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
    expect(framework.stdout).toBe(fast.stdout)
  })
})
