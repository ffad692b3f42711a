export interface Page<T> {
  items: T[]
  nextPageToken: string
  totalSize?: number
}

export interface Listing<T> {
  items: T[]
  /** The server's count of all matching items, when it reports one. */
  totalSize?: number
  /** True when more items exist than were fetched (a --limit stopped the walk). */
  truncated: boolean
}

/** The largest page the list RPCs accept; some (search) accept fewer and say so. */
export const MAX_PAGE_SIZE = 100

/** Walks page tokens until the list ends or `limit` items are in hand; `limit` undefined means everything. */
export async function collect<T>(
  fetchPage: (pageToken: string, pageSize: number) => Promise<Page<T>>,
  limit?: number,
  maxPageSize = MAX_PAGE_SIZE,
): Promise<Listing<T>> {
  const items: T[] = []
  let token = ''
  let totalSize: number | undefined
  for (;;) {
    const want = limit === undefined ? maxPageSize : Math.min(maxPageSize, limit - items.length)
    const page = await fetchPage(token, want)
    totalSize = page.totalSize ?? totalSize
    items.push(...page.items)
    token = page.nextPageToken
    if (!token) return {items, totalSize, truncated: false}
    if (limit !== undefined && items.length >= limit) {
      return {items: items.slice(0, limit), totalSize, truncated: true}
    }
    if (page.items.length === 0) return {items, totalSize, truncated: false}
  }
}

/** A Listing from an RPC that answers with everything at once: `limit` cuts it and says so. */
export function fromArray<T>(items: T[], limit?: number): Listing<T> {
  if (limit === undefined || items.length <= limit) return {items, totalSize: items.length, truncated: false}
  return {items: items.slice(0, limit), totalSize: items.length, truncated: true}
}
