#!/usr/bin/env node
// `npm run demo`: the onboarding walk-through on the embedded default — a local emulator on a free port, driven
// through the real CLI exactly as you would type it. Uses a throwaway config directory, so your profiles are untouched.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const configDir = mkdtempSync(join(tmpdir(), 'skctl-demo-'))
const env = {...process.env, SKCTL_CONFIG_DIR: configDir, SKCTL_NO_KEYCHAIN: '1'}
for (const key of Object.keys(env)) if (key.startsWith('SCALEKIT_') || key === 'SKCTL_PROFILE') delete env[key]

const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001B[1m${s}\u001B[22m` : s)

function skctl(args, {json = false, note} = {}) {
  if (note) process.stdout.write(`\n${bold(`# ${note}`)}\n`)
  process.stdout.write(`${bold(`$ skctl ${args.join(' ')}`)}\n`)
  // Output goes straight to this terminal, as if typed; only a --json result is captured, and then echoed.
  const stdio = ['ignore', json ? 'pipe' : 'inherit', 'inherit']
  const result = spawnSync(process.execPath, [bin, ...args], {encoding: 'utf8', env, stdio})
  if (result.status !== 0) throw new Error(`skctl ${args.join(' ')} exited with ${result.status}`)
  if (!json) return undefined
  process.stdout.write(result.stdout)
  return JSON.parse(result.stdout)
}

let failed = false
try {
  skctl(['emulator', 'start', '--port', '0', '--detach'], {note: 'Start a local Scalekit emulator on a free port'})
  skctl(['status'], {note: 'The emulator profile is active: check the credentials'})
  skctl(
    [
      'orgs',
      'create',
      '--name',
      'Acme Corp',
      '--external-id',
      'acme-42',
      '--metadata',
      'plan=enterprise',
      '--metadata',
      'region=eu',
    ],
    {
      note: 'Onboard a customer: an organization with your own id for it and some metadata',
    },
  )
  skctl(['orgs', 'list'], {note: 'Every organization (the seeded Test Organization too)'})
  skctl(['orgs', 'get', 'acme-42'], {note: 'Look it up by your external id'})
  skctl(['orgs', 'settings', 'acme-42', '--enable', 'sso'], {note: "Turn on the customer's SSO feature"})
  skctl(['domains', 'add', '--org', 'acme-42', 'acme.com'], {note: "Add the customer's email domain"})
  skctl(['connections', 'list', '--domain', 'jane@example.com'], {
    note: 'Does an email domain have SSO? (example.com belongs to the seeded Test Organization)',
  })
  skctl(
    ['users', 'create', '--org', 'acme-42', '--email', 'jane@acme.com', '--first-name', 'Jane', '--last-name', 'Doe'],
    {
      note: 'Create an active user (no invitation: the membership is active and the email verified)',
    },
  )
  skctl(['users', 'create', '--org', 'acme-42', '--email', 'sam@acme.com', '--invite'], {
    note: 'Invite another user (the membership stays pending until accepted)',
  })
  skctl(['users', 'list', '--org', 'acme-42'], {note: "Acme's members, with their status and roles"})
  skctl(['roles', 'assign', '--org', 'acme-42', '--user', 'jane@acme.com', 'admin'], {note: 'Make Jane an admin'})
  skctl(['users', 'list', '--org', 'acme-42'], {note: 'Members again'})
  skctl(
    [
      'sso',
      'test',
      '--login-hint',
      'jane@example.com',
      '--port',
      '0',
      '--simulate',
      'email=jane@example.com,first_name=Jane',
    ],
    {
      note: 'Prove SSO works end to end for the Test Organization, headlessly through the IdP simulator',
    },
  )
  const link = skctl(['portal', 'link', 'acme-42', '--json'], {
    json: true,
    note: "Generate the admin-portal link for Acme's IT admin",
  })
  const page = await fetch(link.location)
  process.stdout.write(
    `\nThe portal link answers HTTP ${page.status} with a page naming "Acme Corp": ${(await page.text()).includes('Acme Corp')}\n`,
  )
} catch (error) {
  failed = true
  process.stderr.write(`\nDemo failed: ${error.message}\n`)
} finally {
  skctl(['emulator', 'stop'], {note: 'Stop the emulator'})
  rmSync(configDir, {force: true, recursive: true})
}
process.stdout.write(
  failed ? '' : '\nDone: the whole onboarding ran against the local emulator, with no account and no network.\n',
)
process.exitCode = failed ? 1 : 0
