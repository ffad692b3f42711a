import {Args, Flags} from '@oclif/core'

import {buildRestRequest, exitForStatus, METHODS} from '../api/rest.js'
import {ApiCommand} from '../base-command.js'
import {escapeTerminal, safe} from '../output/escape.js'

export default class ApiCall extends ApiCommand<typeof ApiCall> {
  static override args = {
    method: Args.string({description: `HTTP method: ${METHODS.join(', ')}.`, required: true}),
    path: Args.string({description: 'Path on the environment, e.g. /api/v1/organizations.', required: true}),
  }
  static override description = `Calls the REST API of the active environment with a client-credentials token and prints the response body. The exit code follows the status: 0 for 2xx, 2 for 400/422, 3 for 401/403, 4 for 404, 1 otherwise; the status line goes to stderr.
Paths are relative to the environment URL; REST bodies use snake_case field names, as in Scalekit's API reference.`
  static override examples = [
    '<%= config.bin %> <%= command.id %> GET /api/v1/organizations --field page_size=5',
    `<%= config.bin %> <%= command.id %> POST /api/v1/organizations --data '{"display_name":"Acme Corp","external_id":"acme-42"}'`,
    '<%= config.bin %> <%= command.id %> PATCH /api/v1/organizations/org_59615193906282635 --data @changes.json',
  ]
  static override flags = {
    data: Flags.string({
      char: 'd',
      description: 'Request body: JSON, @file, or @- for standard input (a file or standard input at most 1 MiB).',
      exclusive: ['field'],
    }),
    field: Flags.string({
      char: 'f',
      description: 'key=value; query parameter for GET and DELETE, else a body field. Repeatable.',
      multiple: true,
    }),
  }
  static override summary = 'Make an authenticated request to the Scalekit REST API.'

  async run(): Promise<void> {
    const request = await buildRestRequest(this.args.method, this.args.path, {
      data: this.flags.data,
      fields: this.flags.field,
    })
    const api = await this.api()
    const response = await api.rest(request.method, request.path, {body: request.body, query: request.query})
    process.exitCode = exitForStatus(response.status)
    this.note(this.chalk.dim(safe`HTTP ${response.status} ${response.statusText}`))
    // The body is the result whatever the status, so scripts can read the server's error too.
    if (this.jsonEnabled()) this.logJson(response.body ?? null)
    else {
      const text = typeof response.body === 'string' ? response.body : JSON.stringify(response.body, null, 2)
      // JSON.stringify escapes C0 controls but not C1 ones or bidi overrides; a text body escapes nothing.
      this.log(escapeTerminal(text, {multiline: true}))
    }
  }
}
