import {describe, expect, it} from 'vitest'

import {DEFAULT_CLIENT_ID} from '../../../src/emulator/defaults.js'
import {cleanEnv, run} from '../../helpers/cli.js'
import {useEmulator} from '../../helpers/emulator.js'

const CANARY = 'canary_s3cret_value_Zq9/xY+1=='
const emulator = useEmulator({clientSecret: CANARY})

const forms = [CANARY, encodeURIComponent(CANARY), Buffer.from(CANARY).toString('base64')]

describe('a secret never appears in output', () => {
  it('not from any command, also with --verbose and DEBUG=*', async () => {
    const env = {...emulator.env(), DEBUG: '*'}
    const loginEnv = cleanEnv({DEBUG: '*'})
    const outputs = [
      await run(
        [
          'login',
          '--environment-url',
          emulator.url,
          '--client-id',
          DEFAULT_CLIENT_ID,
          '--client-secret-stdin',
          '--verbose',
        ],
        {
          env: loginEnv,
          input: CANARY,
        },
      ),
      await run(['status', '--verbose'], {env: loginEnv}),
      await run(['status', '--json', '--verbose'], {env}),
      await run(['profiles', 'list', '--json'], {env: loginEnv}),
      await run(['orgs', 'create', '--name', 'Canary Co', '--external-id', 'canary', '--verbose'], {env}),
      await run(['orgs', 'list', '--verbose'], {env}),
      await run(['orgs', 'get', 'canary', '--json', '--verbose'], {env}),
      await run(['orgs', 'get', 'org_404404404', '--verbose'], {env}),
      await run(['orgs', 'create', '--name', '', '--verbose'], {env}),
      await run(['portal', 'link', 'canary', '--verbose'], {env}),
      await run(['orgs', 'list', '--verbose'], {env: {...env, SCALEKIT_CLIENT_ID: 'skc_wrong'}}),
      await run(['orgs', 'list', '--verbose', '--environment-url', 'http://127.0.0.1:9'], {env}),
      await run(['api', 'GET', '/api/v1/organizations', '--verbose'], {env}),
      await run(['api', 'POST', '/oauth/token', '--field', `client_secret=${'x'.repeat(12)}`, '--verbose'], {env}),
      await run(['token', '--verbose'], {env}),
    ]
    for (const {stderr, stdout} of outputs) {
      for (const form of forms) {
        expect(stdout).not.toContain(form)
        expect(stderr).not.toContain(form)
      }
    }
    // The commands really ran (and failed where they should), so the check is not vacuous.
    expect(outputs.map((o) => o.code)).toEqual([0, 0, 0, 0, 0, 0, 0, 4, 2, 0, 3, 1, 0, 3, 0])
    expect(outputs[1]?.stdout).toMatch(/client secret\s+…\+1==/)
  })
})
