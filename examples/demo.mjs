#!/usr/bin/env node
// `npm run demo`: the onboarding walk-through on the embedded default — a local emulator on a free port, driven
// through the real CLI exactly as you would type it. Uses a throwaway config directory, so your profiles are untouched.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {shellCommand} from '../dist/output/shell-quote.js'

const bin = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const example = (name) => fileURLToPath(new URL(name, import.meta.url))
const configDir = mkdtempSync(join(tmpdir(), 'skctl-demo-'))
const env = {...process.env, SKCTL_CONFIG_DIR: configDir, SKCTL_NO_KEYCHAIN: '1'}
for (const key of Object.keys(env)) if (key.startsWith('SCALEKIT_') || key === 'SKCTL_PROFILE') delete env[key]

const bold = (s) => (process.stdout.isTTY && !process.env.NO_COLOR ? `\u001B[1m${s}\u001B[22m` : s)

function skctl(args, {json = false, note, exit = 0} = {}) {
  if (note) process.stdout.write(`\n${bold(`# ${note}`)}\n`)
  // Shell-quoted, so each line pastes into a terminal as the same command (`--name 'Acme Corp'`).
  const line = shellCommand(['skctl', ...args])
  process.stdout.write(`${bold(`$ ${line}`)}\n`)
  // Output goes straight to this terminal, as if typed; only a --json result is captured, and then echoed.
  const stdio = ['ignore', json ? 'pipe' : 'inherit', 'inherit']
  const result = spawnSync(process.execPath, [bin, ...args], {encoding: 'utf8', env, stdio})
  if (result.status !== exit) throw new Error(`${line} exited with ${result.status}`)
  if (!json) return undefined
  process.stdout.write(result.stdout)
  return JSON.parse(result.stdout)
}

let failed = false
try {
  skctl(['emulator', 'start', '--port', '0', '--detach'], {note: 'Start a local Scalekit emulator on a free port'})
  skctl(['status'], {note: 'The emulator profile is active: check the credentials'})
  const handoff = join(configDir, 'acme-handoff.md')
  skctl(
    [
      'onboard',
      '--name',
      'Acme Corp',
      '--external-id',
      'acme-42',
      '--domain',
      'acme.com',
      '--sso',
      '--scim',
      '--provider',
      'idp-simulator',
      '--type',
      'saml',
      '--handoff',
      handoff,
    ],
    {
      note: "Onboard a customer in one step: the organization, its domain, SSO and SCIM, a connection, a directory and the IT admin's handoff (safe to run again)",
    },
  )
  skctl(['onboard', 'status', 'acme-42'], {
    exit: 6,
    note: 'Where Acme stands: the directory has no users yet (exit 6 until every required step is done)',
  })
  skctl(['orgs', 'update', 'acme-42', '--metadata', 'plan=enterprise', '--metadata', 'region=eu'], {
    note: 'Keep your own data on the organization',
  })
  skctl(['orgs', 'list'], {note: 'Every organization (the seeded Test Organization too)'})
  skctl(['orgs', 'get', 'acme-42'], {note: 'Look it up by your external id'})
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
  skctl(['sso', 'test', '--org', 'acme-42', '--port', '0', '--simulate', 'email=jane@acme.com,first_name=Jane'], {
    note: "Prove Acme's SSO works end to end, headlessly through the IdP simulator (the result is recorded)",
  })
  const link = skctl(['portal', 'link', 'acme-42', '--json'], {
    json: true,
    note: "Generate the admin-portal link for Acme's IT admin",
  })
  const page = await fetch(link.location)
  process.stdout.write(
    `\nThe portal link answers HTTP ${page.status} with a page naming "Acme Corp": ${(await page.text()).includes('Acme Corp')}\n`,
  )

  const users = example('users.csv')
  skctl(['users', 'import', users, '--org', 'acme-42', '--dry-run'], {
    exit: 5,
    note: 'Bulk import: first a dry run — every row checked, nothing changed (one row has a bad email: exit 5)',
  })
  const reports = join(configDir, 'import-report')
  skctl(['users', 'import', users, '--org', 'acme-42', '--report', reports, '--yes'], {
    exit: 5,
    note: 'Import for real: the good rows are created, the bad one is reported with its line',
  })
  process.stdout.write(`\n${bold('# The failed row, ready to fix and re-import (retry.csv):')}\n`)
  process.stdout.write(readFileSync(join(reports, 'retry.csv'), 'utf8'))
  skctl(['users', 'export', '--org', 'acme-42'], {note: "Export Acme's users in the same format (re-importable)"})

  skctl(['directories', 'simulate', 'push', example('directory.csv'), '--org', 'acme-42'], {
    note: "Act as Acme's identity provider: push two users and their groups into its directory over real SCIM requests",
  })
  skctl(['onboard', 'status', 'acme-42'], {note: 'Acme is onboarded: every step done (exit 0)'})

  const sent = skctl(['passwordless', 'send', 'jane@acme.com', '--json'], {
    json: true,
    note: 'Passwordless sign-in: email Jane a one-time code',
  })
  const outbox = skctl(['emulator', 'outbox', '--to', 'jane@acme.com', '--json'], {
    json: true,
    note: 'The emulator sends no email: read the code from its outbox',
  })
  const code = outbox.messages.at(-1).otp
  skctl(['passwordless', 'verify', '--code', code, '--auth-request-id', sent.authRequestId], {
    note: 'Verify the code: Scalekit answers with the verified email',
  })
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
