import {ConnectError} from '@connectrpc/connect'
import {html, type SafeHtml} from '../pages/html.js'
import {type Page, paginate} from '../services/paging.js'
import type {Pageable} from '../store/collection.js'
import {DASHBOARD_PREFIX} from './context.js'

export const DASHBOARD_PAGE_SIZE = 25
/** Search text longer than any name or id is cut, so a pasted blob cannot make every comparison slow. */
const MAX_SEARCH_LENGTH = 200

/**
 * One page of `collection` from the `?page=` cursor, through the store's own paging: a cursor walks from where the
 * last page ended, so the 4,000th page of 100,000 users costs what the first does. A filter (a search) scans.
 * An unreadable cursor starts over from the first page.
 */
export function pageOf<T>(collection: Pageable<T>, query: URLSearchParams, filter?: (record: T) => boolean): Page<T> {
  const request = {pageSize: DASHBOARD_PAGE_SIZE, pageToken: query.get('page') ?? ''}
  try {
    return paginate(collection, request, filter)
  } catch (error) {
    if (!(error instanceof ConnectError)) throw error
    return paginate(collection, {...request, pageToken: ''}, filter)
  }
}

/** The `?q=` search text, trimmed and lower-cased ('' when none). */
export function searchText(query: URLSearchParams): string {
  return (query.get('q') ?? '').trim().slice(0, MAX_SEARCH_LENGTH).toLowerCase()
}

/** Previous/next links that keep the search. */
export function pager(path: string, page: Page<unknown>, query: URLSearchParams): SafeHtml {
  const link = (token: string, label: string, rel: string) => {
    const params = new URLSearchParams()
    const q = query.get('q')
    if (q) params.set('q', q)
    if (token) params.set('page', token)
    const search = params.size > 0 ? `?${params.toString()}` : ''
    return html`<a href="${DASHBOARD_PREFIX + path + search}" rel="${rel}">${label}</a>`
  }
  const previous = query.get('page') ? link(page.prevPageToken, '← Previous', 'prev') : ''
  const next = page.nextPageToken ? link(page.nextPageToken, 'Next →', 'next') : ''
  return html`<p class="pager"><span class="muted" id="total">${page.totalSize} in all</span> ${previous} ${next}</p>`
}

export function searchForm(path: string, query: URLSearchParams, placeholder: string): SafeHtml {
  return html`<form method="get" action="${DASHBOARD_PREFIX + path}" class="search" role="search">
    <input type="search" name="q" value="${query.get('q') ?? ''}" placeholder="${placeholder}" aria-label="Search" />
    <button type="submit">Search</button>
  </form>`
}

/**
 * The same records newest first, for logs: cursors are mirrored (`MAX - cursor`), so they stay non-negative
 * integers the page tokens can carry, and paging keeps costing O(page).
 */
export function newestFirst<T>(log: Pageable<T>): Pageable<T> {
  const mirror = (entries: Iterable<[number, T]>) =>
    (function* () {
      for (const [cursor, record] of entries) yield [Number.MAX_SAFE_INTEGER - cursor, record] as [number, T]
    })()
  return {
    get size() {
      return log.size
    },
    forwardFrom: (cursor) => mirror(log.backwardFrom(Number.MAX_SAFE_INTEGER - cursor + 1)),
    backwardFrom: (cursor) => mirror(log.forwardFrom(Number.MAX_SAFE_INTEGER - cursor + 1)),
  }
}
