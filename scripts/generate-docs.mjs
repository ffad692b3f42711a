#!/usr/bin/env node
// `npm run docs` (after a build): oclif.manifest.json, the command reference in docs/ (one page per topic) and the
// list of those pages in the README's Commands section. scripts/check-generated.mjs runs the same to find drift.
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

export function generateDocs() {
  oclif(['manifest'])
  // Regenerated from nothing, so a topic that no longer exists leaves no page behind.
  for (const page of docPages()) rmSync(join(DOCS_DIR, page))
  oclif(['readme', '--multi', '--output-dir', DOCS_DIR, '--no-aliases', '--no-source-links'])
  // oclif heads its list with "# Command Topics", a second title in the README; the README's "## Commands" heads it.
  const readme = readFileSync('README.md', 'utf8')
  writeFileSync('README.md', readme.replace('<!-- commands -->\n# Command Topics\n\n', '<!-- commands -->\n'))
}

if (process.argv[1] === fileURLToPath(import.meta.url)) generateDocs()
