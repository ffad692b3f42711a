import type {Command} from '@oclif/core'
import {Flags} from '@oclif/core'

import type {Pages} from '../api/paginate.js'
import {ApiCommand} from '../base-command.js'
import {listFlags} from '../flags.js'
import type {ListSpec, ListSummary} from '../output/list.js'
import {cellText, type Column} from '../output/table.js'
import {follow, type FollowSource} from './follow.js'
import {parseSince} from './since.js'

/** With --follow and no --since, entries of the last hour are shown first, then new ones. */
export const FOLLOW_DEFAULT_WINDOW_MS = 60 * 60 * 1000

/** The flags of log-like lists: the list flags, --since and --follow. */
export const logFlags = {
  ...listFlags,
  follow: Flags.boolean({
    char: 'f',
    description:
      'Keep printing new entries as they arrive, oldest first, until Ctrl-C (with --json, one JSON object per line).',
  }),
  since: Flags.string({description: 'Only entries from this long ago (1h, 30m, 90s) or this ISO 8601 time on.'}),
}

/**
 * A newest-first log of the environment (auth logs, events): listed like any list, or followed — new entries
 * printed as they arrive, one line each (a JSON object per line with --json), until Ctrl-C exits 130.
 */
export abstract class LogCommand<T extends typeof Command> extends ApiCommand<T> {
  protected override get jsonLines(): boolean {
    return Boolean((this.flags as {follow?: boolean} | undefined)?.follow)
  }

  /** `--since` as a time, checked before any call (exit 2). */
  protected since(): Date | undefined {
    const {since} = this.flags as {since?: string}
    return since === undefined ? undefined : parseSince(since)
  }

  protected async listOrFollow<R>(options: {
    columns: Column<R>[]
    pages: Pages<R>
    source: FollowSource<R>
    spec: ListSpec<R>
  }): Promise<ListSummary | undefined> {
    const {follow: following} = this.flags as {follow?: boolean}
    if (!following) return this.list(options.pages, options.spec)
    const since = this.since() ?? new Date(Date.now() - FOLLOW_DEFAULT_WINDOW_MS)
    this.note(this.chalk.dim(`Following ${options.spec.noun} since ${since.toISOString()}; Ctrl-C to stop.`))
    // Runs until Ctrl-C, which the base command turns into exit 130.
    return follow(options.source, {
      show: (entries) => {
        for (const entry of entries) {
          if (this.jsonEnabled()) this.logJson(entry)
          else this.log(options.columns.map((column) => cellText(column, entry)).join('  '))
        }
      },
      since,
    })
  }
}
