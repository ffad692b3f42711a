import {isMap, isPair, isScalar, isSeq, type LineCounter, type Node, type Document} from 'yaml'

/** Collections whose keys are names (an external id, an email, a role name): shown as `organizations[acme-42]`. */
const KEYED = new Set([
  'attributeMapping',
  'features',
  'groupRoles',
  'memberships',
  'metadata',
  'organizations',
  'permissions',
  'roles',
  'users',
])

/** `["organizations", "acme-42", "domains", "1"]` → `organizations[acme-42].domains[1]`. */
export function formatPath(segments: readonly string[]): string {
  let out = ''
  segments.forEach((segment, i) => {
    const parent = segments[i - 1]
    const bracket =
      /^\d+$/.test(segment) || (parent !== undefined && KEYED.has(parent) && !KEYED.has(segments[i - 2] ?? ''))
    out += bracket ? `[${segment}]` : out ? `.${segment}` : segment
  })
  return out || '(top level)'
}

/**
 * The node at a path in the parsed document — with `key`, the key of that map entry instead of its value — or the
 * nearest node above it that exists, so every error can name a line.
 */
export function locate(doc: Document, segments: readonly string[], key?: string): Node | undefined {
  let node = doc.contents as Node | null
  const path = key === undefined ? segments : [...segments, key]
  for (const [i, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment)
      if (!pair) return node
      if (key !== undefined && i === path.length - 1) return pair.key as Node
      node = pair.value as Node | null
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)] as Node | undefined
      if (!item) return node
      node = item
    } else {
      return node ?? undefined
    }
    if (!node) return undefined
  }
  return node ?? undefined
}

/** `FILE:LINE:COL` of a node (1-based), or of the file alone when the document is empty. */
export function position(file: string, counter: LineCounter, node: Node | undefined): string {
  const offset = node?.range?.[0]
  if (offset === undefined) return file
  const {col, line} = counter.linePos(offset)
  return `${file}:${line}:${col}`
}
