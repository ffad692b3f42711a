import {create} from '@bufbuild/protobuf'
import {SecretSchema, SecretStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/directories/directories_pb.js'
import {describe, expect, it} from 'vitest'

import type {Api} from '../../../src/api/client.js'
import type {DirectoryJson} from '../../../src/api/directories.js'
import {CliError} from '../../../src/errors.js'
import {checkEndpoint, targetThroughApi} from '../../../src/scim/target.js'

describe('checkEndpoint', () => {
  it('keeps an https URL (trailing slashes dropped) and plain http only on loopback', () => {
    expect(checkEndpoint(' https://acme.scalekit.dev/directory/dir_1/scim/v2/ ')).toBe(
      'https://acme.scalekit.dev/directory/dir_1/scim/v2',
    )
    expect(checkEndpoint('http://127.0.0.1:8080/scim/v2')).toBe('http://127.0.0.1:8080/scim/v2')
  })

  it.each([
    ['scim.example.com/v2', 'is not a URL'],
    ['ftp://scim.example.com/v2', 'must be an http(s) URL'],
    ['http://scim.example.com/v2', 'must use https://'],
    ['https://user:pw@scim.example.com/v2', 'must not hold credentials'],
    ['https://scim.example.com/v2?token=x', 'must not hold credentials, a query'],
  ])('refuses %s with exit 2', (url, message) => {
    expect(() => checkEndpoint(url)).toThrow(message)
    try {
      checkEndpoint(url)
    } catch (error) {
      expect((error as CliError).exit).toBe(2)
    }
  })
})

describe('targetThroughApi', () => {
  // Nothing answers here, so it is not an emulator: a live environment as far as the push can tell.
  const live = 'http://127.0.0.1:9'

  function fakeApi() {
    const calls: string[] = []
    const api = {
      credentials: {clientId: 'skc_1', clientSecret: 'test_secret_value', environmentUrl: live},
      async rpc(_pick: unknown, method: string) {
        calls.push(method)
        return {
          plainSecret: 'scim_issued_secret_for_tests',
          secret: create(SecretSchema, {id: 'sec_1', secretSuffix: 'ests', status: SecretStatus.ACTIVE}),
        }
      },
    }
    return {api: api as unknown as Api, calls}
  }

  function directory(overrides: Partial<DirectoryJson> = {}): DirectoryJson {
    return {
      directoryEndpoint: 'https://acme.scalekit.dev/directory/dir_1/scim/v2',
      directoryProvider: 'OKTA',
      directoryType: 'SCIM',
      enabled: true,
      id: 'dir_1',
      name: '',
      organizationId: 'org_1',
      secrets: [],
      status: 'IN_PROGRESS',
      totalGroups: 0,
      totalUsers: 0,
      ...overrides,
    }
  }

  const active = [{directoryId: 'dir_1', id: 'sec_0', secretSuffix: 'abcd', status: 'ACTIVE'}]

  it('creates a secret without asking when the directory has none', async () => {
    const {api, calls} = fakeApi()
    const questions: string[] = []
    const target = await targetThroughApi(api, directory(), async (q) => void questions.push(q))
    expect(target).toEqual({
      endpoint: 'https://acme.scalekit.dev/directory/dir_1/scim/v2',
      token: 'scim_issued_secret_for_tests',
      issued: {replaced: false, emulator: false},
    })
    expect(questions).toEqual([])
    expect(calls).toEqual(['createDirectorySecret'])
  })

  it("asks before rotating a live directory's secret, and rotates nothing when refused", async () => {
    const {api, calls} = fakeApi()
    const refuse = async (question: string) => {
      expect(question).toContain('Rotate the bearer secret of directory dir_1')
      throw new CliError('usage', 'refused')
    }
    await expect(targetThroughApi(api, directory({secrets: active}), refuse)).rejects.toThrow('refused')
    expect(calls).toEqual([])

    const target = await targetThroughApi(api, directory({secrets: active}), async () => {})
    expect(target.issued).toEqual({replaced: true, emulator: false})
    expect(calls).toEqual(['regenerateDirectorySecret'])
  })

  it('refuses a disabled directory before issuing anything', async () => {
    const {api, calls} = fakeApi()
    await expect(targetThroughApi(api, directory({enabled: false}), async () => {})).rejects.toMatchObject({
      message: 'directory dir_1 is disabled: its SCIM endpoint refuses provisioning',
      hint: 'skctl directories enable --org org_1 dir_1',
    })
    expect(calls).toEqual([])
  })
})
