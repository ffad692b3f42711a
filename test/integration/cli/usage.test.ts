import {describe, expect, it} from 'vitest'

import {run, runJson} from '../../helpers/cli.js'

// Usage errors stop before any credentials are looked up or any call is made: no emulator needed.
interface ErrorDoc {
  error: {code: string; hint: string | null; message: string}
}

describe('a value typed without its flag', () => {
  it('orgs create "Beta Inc" is a usage error naming --name', async () => {
    const {code, stderr, stdout} = await run(['orgs', 'create', 'Beta Inc'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      'Error: skctl orgs create takes no arguments, but was given "Beta Inc"\n' +
        "Hint: did you mean --name 'Beta Inc'?\n",
    )
  })

  it('unquoted words count as one value', async () => {
    const {code, stderr} = await run(['orgs', 'create', 'Beta', 'Inc', '--external-id', 'beta'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^Hint: did you mean --name 'Beta Inc'\?$/m)
  })

  it('an email names --email, even after other flags', async () => {
    const {code, stderr} = await run(['users', 'create', 'jane@acme.com', '--org', 'x'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^Error: skctl users create takes no arguments, but was given "jane@acme\.com"$/m)
    expect(stderr).toMatch(/^Hint: did you mean --email jane@acme\.com\?$/m)
  })

  it('a URL names the URL flag', async () => {
    const {code, stderr} = await run(['sso', 'authorize-url', 'http://localhost:3000/api/auth/callback'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^Hint: did you mean --redirect-uri http:\/\/localhost:3000\/api\/auth\/callback\?$/m)
  })

  it('--json gets the error document on stdout', async () => {
    const {code, json, stderr} = await runJson<ErrorDoc>(['orgs', 'create', 'Beta Inc'])
    expect(code).toBe(2)
    expect(stderr).toBe('')
    expect(json).toEqual({
      error: {
        code: 'usage',
        hint: "did you mean --name 'Beta Inc'?",
        message: 'skctl orgs create takes no arguments, but was given "Beta Inc"',
      },
    })
  })

  it('with a flag first, the command parses it and says the same', async () => {
    const {code, json} = await run(['orgs', 'create', '--json', 'Beta Inc']).then((r) => ({
      ...r,
      json: JSON.parse(r.stdout) as ErrorDoc,
    }))
    expect(code).toBe(2)
    expect(json.error.hint).toBe("did you mean --name 'Beta Inc'?")
  })
})

describe('too many arguments', () => {
  it('says how many the command takes, exit 2', async () => {
    const {code, stderr} = await run(['orgs', 'get', 'acme', 'corp'])
    expect(code).toBe(2)
    expect(stderr).toBe(
      'Error: skctl orgs get takes 1 argument (ORG); it was also given "corp"\nHint: see skctl orgs get --help\n',
    )
  })

  it('names a flag the extra value fits', async () => {
    const {code, stderr} = await run(['domains', 'add', 'acme.com', 'acme-42'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/^Hint: did you mean --org acme-42\?$/m)
  })
})

describe('an unknown command', () => {
  it('is a usage error in the product style with the closest command', async () => {
    const {code, stderr, stdout} = await run(['orgs', 'lst'])
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expect(stderr).toBe(
      'Error: "orgs lst" is not a skctl command\nHint: did you mean skctl orgs list? (skctl help orgs lists the commands)\n',
    )
    expect(stderr).not.toMatch(/Warning|›/)
  })

  it('suggests nothing when nothing is close', async () => {
    const {code, stderr} = await run(['deploy'])
    expect(code).toBe(2)
    expect(stderr).toBe('Error: "deploy" is not a skctl command\nHint: skctl help lists the commands\n')
  })

  it('--json gets the error document', async () => {
    const {code, json} = await runJson<ErrorDoc>(['prfiles', 'use', 'work'])
    expect(code).toBe(2)
    expect(json.error).toEqual({
      code: 'usage',
      hint: 'did you mean skctl profiles use? (skctl help lists the commands)',
      message: '"prfiles use work" is not a skctl command',
    })
  })
  it('a flag before the command says to write the command first', async () => {
    const {code, stdout} = await run(['--json', 'orgs', 'list'])
    expect(code).toBe(2)
    const json = JSON.parse(stdout) as ErrorDoc
    expect(json.error).toEqual({
      code: 'usage',
      hint: 'write the command first: skctl orgs list --json',
      message: '"--json" comes before the command; flags go after it',
    })
  })
})
