/** One answer of a token-paged list RPC, items already converted. */
export interface Page<T> {
  items: T[]
  nextPageToken: string
  totalSize?: number
}

/** One page of a list as it arrives; the last page says whether a limit cut the list short. */
export interface ListPage<T> {
  items: T[]
  /** The server's count of all matching items, when it reports one. */
  totalSize?: number
  /** True on the last page when more items exist than were fetched (a --limit stopped the walk). */
  truncated: boolean
}

/** A list as the pages arrive: nothing is fetched until it is iterated, and only one page is held at a time. */
export type Pages<T> = AsyncIterable<ListPage<T>>

/** A whole list in memory, for callers that need every item at once. */
export interface Listing<T> {
  items: T[]
  totalSize?: number
  truncated: boolean
}

/** The largest page the list RPCs accept; some (search) accept fewer and say so. */
export const MAX_PAGE_SIZE = 100

/** Walks page tokens until the list ends or `limit` items are in hand; `limit` undefined means everything. */
export async function* paginate<T>(
  fetchPage: (pageToken: string, pageSize: number) => Promise<Page<T>>,
  limit?: number,
  maxPageSize = MAX_PAGE_SIZE,
): Pages<T> {
  let fetched = 0
  let token = ''
  let totalSize: number | undefined
  for (;;) {
    const want = limit === undefined ? maxPageSize : Math.min(maxPageSize, limit - fetched)
    const page = await fetchPage(token, want)
    totalSize = page.totalSize ?? totalSize
    token = page.nextPageToken
    // A server may answer with more than it was asked for: never hand on more than the limit.
    const items = limit === undefined ? page.items : page.items.slice(0, limit - fetched)
    fetched += items.length
    const more = Boolean(token) && page.items.length > 0
    const truncated = more && limit !== undefined && fetched >= limit
    yield {items, totalSize, truncated}
    if (!more || truncated) return
  }
}

/**
 * The one page of an RPC that answers with everything at once: `limit` cuts it (keeping the first items, or the
 * last for lists read newest-last) and says so.
 */
export function onePage<T>(items: T[], limit?: number, keep: 'first' | 'last' = 'first'): ListPage<T> {
  if (limit === undefined || items.length <= limit) return {items, totalSize: items.length, truncated: false}
  const kept = keep === 'first' ? items.slice(0, limit) : items.slice(-limit)
  return {items: kept, totalSize: items.length, truncated: true}
}

/** Every page read into memory: for the few callers that need the whole list (checks, lookups), not for output. */
export async function collect<T>(pages: Pages<T>): Promise<Listing<T>> {
  const items: T[] = []
  let totalSize: number | undefined
  let truncated = false
  for await (const page of pages) {
    for (const item of page.items) items.push(item)
    totalSize = page.totalSize ?? totalSize
    truncated = page.truncated
  }
  return {items, totalSize, truncated}
}

/** A list already in hand, as pages: lists read in one call go through the same output as paged ones. */
export async function* pagesOf<T>(items: T[], limit?: number, keep: 'first' | 'last' = 'first'): Pages<T> {
  yield onePage(items, limit, keep)
}
