import {readFileSync} from 'node:fs'

import {beforeAll, describe, expect, it} from 'vitest'

import {CONNECTION_PROVIDERS} from '../../../src/api/connection-providers.js'
import {DIRECTORY_PROVIDERS} from '../../../src/api/directories.js'
import {loadEnvFile, parseEnvText, prepareEnvSchema, SCHEMA_URL} from '../../../src/env/load.js'
import {CliError} from '../../../src/errors.js'

beforeAll(prepareEnvSchema)

/** The error a file gets, with its message and hint. */
function failure(text: string, env: NodeJS.ProcessEnv = {}): CliError {
  try {
    parseEnvText(text, 'env.yaml', env)
  } catch (error) {
    if (error instanceof CliError) return error
    throw error
  }
  throw new Error('the file was accepted')
}

const lines = (...rows: string[]) => `${rows.join('\n')}\n`

describe('environment files', () => {
  it('accepts the README example, with its secret read from the environment', async () => {
    const {spec} = await loadEnvFile('examples/env.yaml', {ACME_OKTA_CLIENT_SECRET: 'from-the-environment'})
    expect(spec.organizations?.['acme-42']?.connections?.[0]?.oidc?.clientSecret).toBe('from-the-environment')
    expect(spec.users?.['jane@acme.com']?.memberships).toEqual({'acme-42': ['billing_admin']})
  })

  it('the README shows the example file as it is', () => {
    const readme = readFileSync('README.md', 'utf8')
    expect(readme).toContain(`\`\`\`yaml\n${readFileSync('examples/env.yaml', 'utf8')}\`\`\``)
  })

  it('accepts JSON too', () => {
    const spec = parseEnvText('{"version": 1, "organizations": {"a": {"name": "A", "domains": ["a.com"]}}}', 'e.json')
    expect(spec.organizations?.a?.domains).toEqual(['a.com'])
  })

  it('names the file, line, column and path of a value that is not a domain name', () => {
    const error = failure(
      lines(
        'version: 1',
        'organizations:',
        '  acme-42:',
        '    name: Acme',
        '    domains: [acme.com, https://acme.com/x]',
      ),
    )
    expect(error.exit).toBe(2)
    expect(error.message).toBe('env.yaml:5:25 organizations[acme-42].domains[1]: not a domain name')
  })

  it('lists every schema violation in file order: unknown keys, missing names, wrong kinds, literal secrets', () => {
    const error = failure(
      lines(
        'version: 1',
        'organizations:',
        '  acme-42:',
        '    name: Acme',
        '    colour: red',
        '    connections:',
        '      - {type: SAML, provider: okta, oidc: {clientSecret: hunter2}}',
        '  globex: {}',
      ),
    )
    expect(error.message).toBe(
      [
        'env.yaml has 4 problems:',
        '  env.yaml:5:5 organizations[acme-42].colour: unknown key "colour"',
        '  env.yaml:7:44 organizations[acme-42].connections[0].oidc: a SAML connection takes `saml` settings and an OIDC one `oidc` settings, not the other',
        '  env.yaml:7:59 organizations[acme-42].connections[0].oidc.clientSecret: a secret is not written in the file: use a ${ENV_VAR} reference',
        '  env.yaml:8:11 organizations[globex]: missing "name"',
      ].join('\n'),
    )
  })

  it('refuses a version other than 1 and YAML that does not parse, with the line', () => {
    expect(failure('version: 2\n').message).toBe('env.yaml:1:10 version: must be 1')
    expect(failure('version: 1\norganizations:\n  a: {name: 42}\n').message).toBe(
      'env.yaml:3:13 organizations[a].name: must be text (quote it if it looks like a number or true/false)',
    )
    expect(failure(lines('version: 1', 'organizations:', '  a: {name: [')).message).toMatch(
      /^env\.yaml has 2 problems:\n {2}env\.yaml:4:1 /,
    )
  })

  it('refuses an id pinned twice, naming both places', () => {
    const error = failure(
      lines('version: 1', 'organizations:', '  a: {name: A, id: org_1}', '  b: {name: B, id: org_1}'),
    )
    expect(error.message).toBe('env.yaml:4:20 organizations[b].id: org_1 is pinned twice (first at env.yaml:3:20)')
  })

  it('refuses an unset ${VAR} and says which variable to set, without registering the reference as a secret', () => {
    const text = lines(
      'version: 1',
      'organizations:',
      '  a:',
      '    name: A',
      '    connections: [{type: OIDC, provider: okta, oidc: {clientSecret: "${A_SECRET}"}}]',
    )
    const error = failure(text)
    expect(error.exit).toBe(2)
    expect(error.message).toBe(
      'env.yaml:5:69 organizations[a].connections[0].oidc.clientSecret: ${A_SECRET} is not set in the environment',
    )
    expect(error.hint).toBe('set A_SECRET before running (secrets stay out of the file)')
  })
})

it('the schema lists the providers the CLI knows', () => {
  const schema = JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as {
    definitions: Record<string, {properties: {provider: {enum: string[]}}}>
  }
  expect(schema.definitions.connection?.properties.provider.enum.sort()).toEqual([...CONNECTION_PROVIDERS].sort())
  expect(schema.definitions.directory?.properties.provider.enum.sort()).toEqual(Object.keys(DIRECTORY_PROVIDERS).sort())
})
