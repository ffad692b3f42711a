#!/usr/bin/env node
// `npm run docs` (after a build): oclif.manifest.json, the command reference in docs/ (one page per topic), the
// list of those pages in the README's Commands section and the README's table of the SDK methods the emulator serves.
// scripts/check-generated.mjs runs the same to find drift.
import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const DOCS_DIR = 'docs'

const oclif = (args) =>
  execFileSync('npx', ['--no-install', 'oclif', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})

/** The generated pages: every Markdown file in docs/ (the directory holds nothing else). */
export const docPages = () => {
  try {
    return readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md'))
  } catch {
    return []
  }
}

const SURFACE_START = '<!-- sdk-surface:start -->\n'
const SURFACE_END = '<!-- sdk-surface:end -->'

/**
 * The README's table of what the emulator serves, rendered from src/emulator/sdk-surface.ts (built into dist/): the
 * same data test/integration/emulator/sdk-surface.test.ts checks against the SDK and the emulator.
 */
export async function generateSdkSurfaceTable() {
  const {renderSdkSurfaceTable, sdkSurfaceCounts} = await import('../dist/emulator/sdk-surface.js')
  const readme = readFileSync('README.md', 'utf8')
  const start = readme.indexOf(SURFACE_START)
  const end = readme.indexOf(SURFACE_END)
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${SURFACE_START.trim()} … ${SURFACE_END} markers`)
  const {served, total} = sdkSurfaceCounts()
  const table = `${served} of the SDK's ${total} public methods outside AgentKit work against the emulator:\n\n${renderSdkSurfaceTable()}`
  writeFileSync('README.md', readme.slice(0, start + SURFACE_START.length) + table + readme.slice(end))
}

export async function generateDocs() {
  oclif(['manifest'])
  // Regenerated from nothing, so a topic that no longer exists leaves no page behind.
  for (const page of docPages()) rmSync(join(DOCS_DIR, page))
  oclif(['readme', '--multi', '--output-dir', DOCS_DIR, '--no-aliases', '--no-source-links'])
  // oclif heads its list with "# Command Topics", a second title in the README; the README's "## Commands" heads it.
  const readme = readFileSync('README.md', 'utf8')
  writeFileSync('README.md', readme.replace('<!-- commands -->\n# Command Topics\n\n', '<!-- commands -->\n'))
  await generateSdkSurfaceTable()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await generateDocs()
