import {ConnectionProvider} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import {expect, it} from 'vitest'

import {CONNECTION_PROVIDERS, providerEnumName} from '../../../src/api/connection-providers.js'

it('offers every provider of the proto enum but "unspecified" and Scalekit itself, spelled as the enum', () => {
  const proto = Object.keys(ConnectionProvider).filter(
    (name) => Number.isNaN(Number(name)) && !['CONNECTION_PROVIDER_UNSPECIFIED', 'SCALEKIT'].includes(name),
  )
  expect(CONNECTION_PROVIDERS.map(providerEnumName).sort()).toEqual(proto.sort())
})
