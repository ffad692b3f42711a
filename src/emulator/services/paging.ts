import {invalidArgument} from '../rpc/errors.js'
import type {Pageable} from '../store/collection.js'

export const DEFAULT_PAGE_SIZE = 10
export const MAX_PAGE_SIZE = 100

export interface PageRequest {
  pageSize: number
  pageToken: string
}

export interface Page<T> {
  items: T[]
  nextPageToken: string
  prevPageToken: string
  totalSize: number
}

/**
 * One page of a collection (or of one group of it) in creation order. Page tokens are opaque cursors into the
 * collection, so paging stays stable when records are added or deleted between calls, and costs O(page) rather than
 * O(offset). A filter makes `totalSize` a full scan, which is what a search costs anyway.
 */
export function paginate<T>(
  collection: Pageable<T>,
  {pageSize, pageToken}: PageRequest,
  filter?: (record: T) => boolean,
): Page<T> {
  const size = Math.min(pageSize > 0 ? pageSize : DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
  const start = pageToken ? decodeToken(pageToken) : 0
  const matches = (record: T) => !filter || filter(record)

  const items: T[] = []
  let nextPageToken = ''
  for (const [cursor, record] of collection.forwardFrom(start)) {
    if (!matches(record)) continue
    if (items.length === size) {
      nextPageToken = encodeToken(cursor)
      break
    }
    items.push(record)
  }

  let prevPageToken = ''
  if (pageToken) {
    let seen = 0
    for (const [cursor, record] of collection.backwardFrom(start)) {
      if (!matches(record)) continue
      prevPageToken = encodeToken(cursor)
      if (++seen === size) break
    }
  }

  let totalSize = collection.size
  if (filter) {
    totalSize = 0
    for (const [, record] of collection.forwardFrom(0)) if (filter(record)) totalSize++
  }
  return {items, nextPageToken, prevPageToken, totalSize}
}

/** Reversed cursors count down from here, so they stay non-negative safe integers like forward ones. */
const REVERSED_ORIGIN = Number.MAX_SAFE_INTEGER

/**
 * The same records newest first, for `paginate`. Its cursors are `REVERSED_ORIGIN - cursor`, so they grow in the
 * order it yields and a page token still points at a record, stable across inserts and deletes.
 */
export function newestFirst<T>(collection: Pageable<T>): Pageable<T> {
  const flip = ([cursor, record]: [number, T]): [number, T] => [REVERSED_ORIGIN - cursor, record]
  return {
    get size() {
      return collection.size
    },
    *forwardFrom(cursor) {
      for (const entry of collection.backwardFrom(REVERSED_ORIGIN - cursor + 1)) yield flip(entry)
    },
    *backwardFrom(cursor) {
      for (const entry of collection.forwardFrom(REVERSED_ORIGIN - cursor + 1)) yield flip(entry)
    },
  }
}

const TOKEN_PREFIX = 'c1:'

function encodeToken(cursor: number): string {
  return Buffer.from(`${TOKEN_PREFIX}${cursor}`).toString('base64url')
}

function decodeToken(token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8')
  const cursor = text.startsWith(TOKEN_PREFIX) ? Number(text.slice(TOKEN_PREFIX.length)) : Number.NaN
  if (!Number.isSafeInteger(cursor) || cursor < 0) throw invalidArgument(`invalid page_token ${token}`)
  return cursor
}
