import {TestResultStatus} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js'
import type {ConnectionRecord, ConnectionTestRecord} from '../store/records.js'
import type {Store} from '../store/store.js'

/** Enough history for a poller to find its run; older runs are dropped so a record cannot grow without bound. */
const KEPT_TESTS = 20

/** Records a new Test connection run as PENDING and returns its id (`test_…`, as GetConnectionTestResult wants). */
export function startConnectionTest(store: Store, connection: ConnectionRecord): string {
  const test: ConnectionTestRecord = {id: store.newId('test'), status: TestResultStatus.PENDING, createTime: Date.now()}
  putTests(store, connection.id, (tests) => [...tests, test])
  return test.id
}

export type TestOutcome =
  {passed: true; userInfo: Record<string, unknown>} | {passed: false; error: string; errorDescription: string}

/** Records how a run ended; a run that is unknown (or was dropped) is ignored. */
export function finishConnectionTest(store: Store, connectionId: string, testId: string, outcome: TestOutcome): void {
  putTests(store, connectionId, (tests) =>
    tests.map((test) => {
      if (test.id !== testId) return test
      return outcome.passed
        ? {...test, status: TestResultStatus.SUCCESS, userInfo: JSON.stringify(outcome.userInfo)}
        : {...test, status: TestResultStatus.FAILURE, error: outcome.error, errorDescription: outcome.errorDescription}
    }),
  )
}

export function findConnectionTest(connection: ConnectionRecord, testId: string): ConnectionTestRecord | undefined {
  return connection.tests?.find((test) => test.id === testId)
}

function putTests(
  store: Store,
  connectionId: string,
  change: (tests: ConnectionTestRecord[]) => ConnectionTestRecord[],
): void {
  const connection = store.connections.get(connectionId)
  if (!connection) return
  store.connections.put({...connection, tests: change(connection.tests ?? []).slice(-KEPT_TESTS)})
}
