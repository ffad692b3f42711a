import {Flags} from '@oclif/core'

/** Flags every list command shares: lists auto-paginate and never truncate silently. */
export const listFlags = {
  all: Flags.boolean({description: 'Fetch every page.', exclusive: ['limit']}),
  limit: Flags.integer({description: 'Stop after this many items. [default: 100]', min: 1}),
}

export const DEFAULT_LIMIT = 100

export const limitOf = (flags: {all: boolean; limit?: number}) =>
  flags.all ? undefined : (flags.limit ?? DEFAULT_LIMIT)

export const metadataFlag = Flags.string({
  description: 'Metadata as key=value; repeat for several keys.',
  multiple: true,
})
