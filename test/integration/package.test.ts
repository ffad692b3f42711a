import {execFile} from 'node:child_process'
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join, resolve} from 'node:path'
import {promisify} from 'node:util'
import {beforeAll, describe, expect, it} from 'vitest'

import {cleanEnv} from '../helpers/cli.js'
import {useEmulator} from '../helpers/emulator.js'
import {tempDir} from '../helpers/tmp.js'

const exec = promisify(execFile)
const ROOT = resolve(import.meta.dirname, '../..')
const version = (await import('../../package.json', {with: {type: 'json'}})).default.version

const emulator = useEmulator()

/** Installed as npm installs it for a user: the tarball of `npm pack`, globally into an empty prefix. */
let installed: {root: string; skctl: string; output: string}

beforeAll(async () => {
  // Kept for the whole file (tempDir's are removed after each test).
  const out = mkdtempSync(join(tmpdir(), 'skctl-pack-'))
  const prefix = join(out, 'prefix')
  // --ignore-scripts: the build is already there, and rebuilding dist would pull it from under parallel tests.
  await exec('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', out])
  const tarball = readdirSync(out).find((f) => f.endsWith('.tgz'))
  if (!tarball) throw new Error('npm pack made no tarball')
  // Run where no package.json is, as a user would: npm must not build or run anything of skctl's.
  const {stdout, stderr} = await exec(
    'npm',
    ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', join(out, tarball)],
    {cwd: out},
  )
  installed = {
    root: join(prefix, 'lib', 'node_modules', 'skctl'),
    skctl: join(prefix, 'bin', 'skctl'),
    output: `${stdout}${stderr}`,
  }
  return () => rmSync(out, {force: true, recursive: true})
}, 240_000)

describe('the npm package', () => {
  it('packs, installs globally into an empty prefix with no build and no install script of its own, and runs', async () => {
    const {root, skctl, output} = installed
    // npm 11 lists the dependencies whose install scripts it did not run: only lmdb's and msgpackr-extract's, which
    // look for the prebuilt binary npm installed anyway (the next test runs the emulator's database without them).
    expect(output).not.toMatch(/skctl@[\d.]+ \(/)
    const skipped = [...output.matchAll(/^npm warn install-scripts +(\S+)@[\d.]+ \(/gm)].map(([, name]) => name)
    expect(skipped.filter((name) => name !== 'lmdb' && name !== 'msgpackr-extract')).toEqual([])
    const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {scripts: Record<string, string>}
    for (const lifecycle of ['preinstall', 'install', 'postinstall', 'prepare']) {
      expect(manifest.scripts[lifecycle], lifecycle).toBeUndefined()
    }
    expect(existsSync(join(root, 'dist', 'commands', 'orgs', 'create.js'))).toBe(true)
    expect(existsSync(join(root, 'docs', 'orgs.md'))).toBe(true)

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
    const created = await exec(skctl, ['orgs', 'create', '--name', 'Packed Inc', '--external-id', 'packed', '--json'], {
      env: emulator.env(),
    })
    expect(JSON.parse(created.stdout)).toMatchObject({displayName: 'Packed Inc', externalId: 'packed'})
  })
})

describe('skctl/emulator from an app of its own', () => {
  /**
   * An app's project with skctl in its node_modules (the installed copy, whose dependencies npm put beside it)
   * and the SDK the app calls; the app's own dev tools (its test runner...) from this repository.
   */
  function appProject(devTools: string[] = ['vitest', 'typescript', '@types/node']): string {
    const app = tempDir('skctl-app-')
    const modules = join(app, 'node_modules')
    const link = (name: string, target: string) => {
      mkdirSync(dirname(join(modules, name)), {recursive: true})
      symlinkSync(target, join(modules, name), 'dir')
    }
    link('skctl', installed.root)
    link('@scalekit-sdk/node', join(installed.root, 'node_modules', '@scalekit-sdk', 'node'))
    for (const name of devTools) link(name, join(ROOT, 'node_modules', name))
    writeFileSync(join(app, 'package.json'), JSON.stringify({name: 'app', private: true, type: 'module'}))
    return app
  }

  it('imports skctl/emulator, keeps a data directory, lists organizations with the real SDK, completes a login', async () => {
    const script = `
      import {ScalekitClient} from '@scalekit-sdk/node'
      import {startEmulator} from 'skctl/emulator'
      import * as root from 'skctl'
      const emulator = await startEmulator({dataDir: process.env.DATA_DIR})
      const scalekit = new ScalekitClient(emulator.url, emulator.clientId, emulator.clientSecret)
      await scalekit.organization.createOrganization('Kept')
      const redirectUri = 'http://localhost:3000/callback'
      const authorizationUrl = scalekit.getAuthorizationUrl(redirectUri, {state: 's', loginHint: 'ada@example.com'})
      const callback = new URL(await emulator.completeLogin({authorizationUrl, email: 'ada@example.com'}))
      const {user} = await scalekit.authenticateWithCode(callback.searchParams.get('code'), redirectUri)
      await emulator.stop()
      // Again on the same data directory: its LMDB database, loaded without lmdb's install script, kept the write.
      const again = await startEmulator({dataDir: process.env.DATA_DIR})
      const reread = new ScalekitClient(again.url, again.clientId, again.clientSecret)
      const {organizations} = await reread.organization.listOrganization()
      await again.stop()
      const internal = await import('skctl/dist/emulator/server.js').then(() => 'importable', (error) => error.code)
      console.log(JSON.stringify({
        organizations: organizations.map((org) => org.displayName),
        state: callback.searchParams.get('state'),
        email: user.email,
        rootIsTheEmulatorEntry: root.startEmulator === startEmulator,
        internal,
      }))
    `
    const {stdout} = await exec(process.execPath, ['--input-type=module', '-e', script], {
      cwd: appProject(),
      env: {...cleanEnv(), DATA_DIR: join(tempDir(), 'data')},
    })
    expect(JSON.parse(stdout)).toEqual({
      organizations: ['Kept', 'Test Organization'],
      state: 's',
      email: 'ada@example.com',
      rootIsTheEmulatorEntry: true,
      internal: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
    })
  })

  it("runs the README's vitest example, type-checked against the shipped declarations", async () => {
    const app = appProject()
    cpSync(join(ROOT, 'examples', 'vitest'), app, {recursive: true})
    writeFileSync(
      join(app, 'tsconfig.json'),
      JSON.stringify({
        // skipLibCheck, as most projects have it: the SDK's own declarations do not check against every axios.
        compilerOptions: {
          module: 'NodeNext',
          target: 'ES2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        include: ['*.ts'],
      }),
    )
    // Declarations that said `any` would let these through: each directive would then be unused, an error.
    writeFileSync(
      join(app, 'types-probe.ts'),
      [
        "import {type RunningEmulator, startEmulator} from 'skctl/emulator'",
        '// @ts-expect-error not an option',
        'await startEmulator({portt: 1})',
        'const emulator: RunningEmulator = await startEmulator({port: 0})',
        '// @ts-expect-error the outbox is a list of messages',
        'export const wrong: string = await emulator.outbox()',
      ].join('\n'),
    )
    const env = cleanEnv()
    const tsc = join(app, 'node_modules/typescript/bin/tsc')
    const typecheck = await exec(process.execPath, [tsc, '-p', app], {env}).catch((error: {stdout: string}) => error)
    expect(typecheck.stdout).toBe('')
    const tests = await exec(process.execPath, [join(app, 'node_modules/vitest/vitest.mjs'), 'run'], {cwd: app, env})
    expect(tests.stdout).toMatch(/Tests\s+3 passed \(3\)/)
  })

  it("runs the README's jest example: global setup and teardown, and a login with the real SDK", async () => {
    const app = appProject(['jest', '@jest/globals', 'babel-jest', '@babel/plugin-transform-modules-commonjs'])
    cpSync(join(ROOT, 'examples', 'jest'), app, {recursive: true})
    const jest = join(app, 'node_modules/jest/bin/jest.js')
    const tests = await exec(process.execPath, [jest, '--ci'], {cwd: app, env: cleanEnv()})
    // jest reports on stderr.
    expect(tests.stderr).toMatch(/Tests:\s+1 passed, 1 total/)
  })
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
