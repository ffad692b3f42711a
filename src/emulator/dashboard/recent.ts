import {html, type SafeHtml} from '../pages/html.js'
import {DASHBOARD_PREFIX} from './context.js'
import {DASHBOARD_PAGE_SIZE} from './paging.js'

/**
 * One page of a bounded in-memory log (outbox, deliveries: at most a thousand entries each), newest first, by
 * `?skip=`. These logs live outside the store and are capped, so an offset costs at most a page's copy.
 */
export function recentPage<T>(
  entries: readonly T[],
  query: URLSearchParams,
  path: string,
): {items: T[]; pager: SafeHtml} {
  const skip = Math.max(0, Math.min(Number.parseInt(query.get('skip') ?? '0', 10) || 0, entries.length))
  const end = entries.length - skip
  const items = entries.slice(Math.max(0, end - DASHBOARD_PAGE_SIZE), end).reverse()
  const link = (to: number, label: string) => html`<a href="${`${DASHBOARD_PREFIX}${path}?skip=${to}`}">${label}</a>`
  const newer = skip > 0 ? link(Math.max(0, skip - DASHBOARD_PAGE_SIZE), '← Newer') : ''
  const older = end > DASHBOARD_PAGE_SIZE ? link(skip + DASHBOARD_PAGE_SIZE, 'Older →') : ''
  return {items, pager: html`<p class="pager"><span class="muted">${entries.length} kept</span> ${newer} ${older}</p>`}
}
