import {Args} from '@oclif/core'

import {getConnectionTestResult, type TestResultJson} from '../../api/connections.js'
import {ApiCommand} from '../../base-command.js'
import {ExitCode} from '../../errors.js'
import {enumText} from '../../output/format.js'

export default class ConnectionsTestResult extends ApiCommand<typeof ConnectionsTestResult> {
  static override args = {
    id: Args.string({description: 'Connection id (conn_…).', required: true}),
    test: Args.string({description: 'Test request id (test_…), as the admin portal shows it.', required: true}),
  }
  static override description = `Shows the outcome of a Test connection run started in the admin portal: pending, success (with the user details the application would receive) or failure (with the IdP's error).
Exit code 0 on success, 6 while it is pending or when it failed.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> conn_59615204644553228 test_59615204644553301',
    '<%= config.bin %> <%= command.id %> conn_59615204644553228 test_59615204644553301 --json',
  ]
  static override summary = "Show the result of a connection's test run."

  async run(): Promise<TestResultJson> {
    const api = await this.api()
    const result = await getConnectionTestResult(api, this.args.id.trim(), this.args.test.trim())
    this.record([
      ['status', enumText(result.status)],
      ['error', result.error],
      ['error description', result.errorDescription],
      ['error details', result.errorDetails],
      ['user info', result.userInfo],
    ])
    if (result.status !== 'SUCCESS') process.exitCode = ExitCode.checkFailed
    return result
  }
}
