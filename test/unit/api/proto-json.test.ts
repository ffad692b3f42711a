import {create} from '@bufbuild/protobuf'
import {timestampFromMs} from '@bufbuild/protobuf/wkt'
import {OrganizationSchema} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/organizations/organizations_pb.js'
import {describe, expect, it} from 'vitest'

import {protoJson} from '../../../src/api/proto-json.js'

describe('protoJson', () => {
  it('renders BigInt timestamps as RFC 3339 and keeps implicit defaults', async () => {
    const org = create(OrganizationSchema, {
      createTime: timestampFromMs(Date.UTC(2026, 0, 2, 3, 4, 5)),
      displayName: 'Acme',
      id: 'org_1',
      metadata: {plan: 'enterprise'},
    })
    expect(() => JSON.stringify(org)).toThrow(/BigInt/)
    const json = await protoJson<Record<string, unknown>>(OrganizationSchema, org)
    expect(JSON.parse(JSON.stringify(json))).toMatchObject({
      createTime: '2026-01-02T03:04:05Z',
      displayName: 'Acme',
      id: 'org_1',
      metadata: {plan: 'enterprise'},
      regionCode: 'REGION_CODE_UNSPECIFIED',
    })
  })
})
