import type {JsonObject} from '@bufbuild/protobuf'
import {describe, expect, it} from 'vitest'

import type {ScimClient} from '../../../src/scim/client.js'
import {readPushCsv} from '../../../src/scim/csv-input.js'
import {countActions, pushDesiredState} from '../../../src/scim/push.js'

/** A directory held in memory behind the client's interface, recording every write. */
function fakeDirectory(users: JsonObject[], groups: JsonObject[]) {
  const writes: string[] = []
  const client = {
    async findOne(resource: 'Groups' | 'Users', name: string, value: string) {
      return (resource === 'Users' ? users : groups).find((r) => String(r[name]).toLowerCase() === value.toLowerCase())
    },
    async listAll(resource: 'Groups' | 'Users') {
      return resource === 'Users' ? users : groups
    },
    async send(method: string, path: string, body?: JsonObject) {
      writes.push(`${method} ${path} ${JSON.stringify(body?.Operations ?? body?.members ?? '')}`)
      return method === 'POST' ? {id: `new-${writes.length}`} : undefined
    },
  }
  return {client: client as unknown as ScimClient, writes}
}

const csv = 'userName,active,groups\nalice,,Ops\nbob,perhaps,Ops\n'

describe('pushDesiredState', () => {
  it("syncs a group's members but leaves a member whose row failed as it is", async () => {
    const {client, writes} = fakeDirectory(
      [
        {id: 'u2', userName: 'bob'},
        {id: 'u9', userName: 'zed'},
      ],
      [{id: 'g1', displayName: 'Ops', members: [{value: 'u2'}, {value: 'u9'}]}],
    )
    const actions = await pushDesiredState(client, readPushCsv(csv, 'u.csv'), {dryRun: false, deleteMissing: true})
    expect(actions.map((a) => [a.type, a.name, a.action, a.detail])).toEqual([
      ['user', 'bob', 'failed', 'active "perhaps" is not true or false'],
      ['user', 'alice', 'created', undefined],
      ['group', 'Ops', 'updated', '+1 member, -1 member, left as they are (their rows failed): bob'],
      ['user', 'zed', 'deleted', 'not in the file'],
    ])
    expect(writes).toEqual([
      'POST /Users ""',
      'PATCH /Groups/g1 [{"op":"add","path":"members","value":[{"value":"new-1","display":"alice"}]},{"op":"remove","path":"members[value eq \\"u9\\"]"}]',
      'DELETE /Users/u9 ""',
    ])
    expect(countActions(actions)).toMatchObject({created: 1, updated: 1, deleted: 1, failed: 1, unchanged: 0})
  })

  it('sends nothing in a dry run and plans with stand-ins for users it would create', async () => {
    const {client, writes} = fakeDirectory([], [{id: 'g1', displayName: 'Ops', members: []}])
    const actions = await pushDesiredState(client, readPushCsv('userName,groups\namy,Ops\n', 'u.csv'), {
      dryRun: true,
      deleteMissing: false,
    })
    expect(actions.map((a) => [a.name, a.action, a.id, a.detail])).toEqual([
      ['amy', 'created', undefined, undefined],
      ['Ops', 'updated', 'g1', '+1 member'],
    ])
    expect(writes).toEqual([])
  })
})
