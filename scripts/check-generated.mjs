#!/usr/bin/env node
// Fails when oclif.manifest.json, the command reference in docs/ or the README's list of it no longer match the
// commands, or the README's table of SDK methods no longer matches src/emulator/sdk-surface.ts (run `npm run docs`).
// Regenerates them in place, compares, and puts the committed files back.
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {DOCS_DIR, docPages, generateDocs} from './generate-docs.mjs'

/** JSON with keys sorted: oclif lists commands in file-discovery order, which varies between machines. */
const canonical = (text) =>
  JSON.stringify(JSON.parse(text), (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  )

const read = (path) => readFileSync(path, 'utf8')
const committed = new Map(
  ['oclif.manifest.json', 'README.md', ...docPages().map((p) => join(DOCS_DIR, p))].map((f) => [f, read(f)]),
)

const stale = []
try {
  await generateDocs()
  const generated = new Map(
    ['oclif.manifest.json', 'README.md', ...docPages().map((p) => join(DOCS_DIR, p))].map((f) => [f, read(f)]),
  )
  for (const [file, text] of generated) {
    const before = committed.get(file)
    const same =
      before !== undefined && (file.endsWith('.json') ? canonical(before) === canonical(text) : before === text)
    if (!same) stale.push(before === undefined ? `${file} (missing)` : file)
  }
  for (const file of committed.keys()) if (!generated.has(file)) stale.push(`${file} (no such topic any more)`)
} finally {
  for (const page of docPages()) rmSync(join(DOCS_DIR, page))
  for (const [file, text] of committed) writeFileSync(file, text)
}

if (stale.length > 0) {
  process.stderr.write(`Stale generated files: ${stale.join(', ')}. Run: npm run docs\n`)
  process.exit(1)
}
process.stdout.write(`Generated files are up to date: oclif.manifest.json, README.md, ${DOCS_DIR}/*.md\n`)
