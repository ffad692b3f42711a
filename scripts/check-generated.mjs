#!/usr/bin/env node
// Fails when oclif.manifest.json or the README command reference no longer match the commands (run `npm run docs`).
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'

const oclif = (args) =>
  execFileSync('npx', ['--no-install', 'oclif', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})

/** JSON with keys sorted: oclif lists commands in file-discovery order, which varies between machines. */
const canonical = (value) =>
  JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  )

const stale = []
const manifest = readFileSync('oclif.manifest.json', 'utf8')
try {
  oclif(['manifest'])
  if (canonical(JSON.parse(readFileSync('oclif.manifest.json', 'utf8'))) !== canonical(JSON.parse(manifest))) {
    stale.push('oclif.manifest.json')
  }
} finally {
  writeFileSync('oclif.manifest.json', manifest)
}
const readme = oclif(['readme', '--dry-run', '--no-aliases', '--no-source-links'])
if (!readme.includes(readFileSync('README.md', 'utf8').trim())) stale.push('README.md')

if (stale.length > 0) {
  process.stderr.write(`Stale generated files: ${stale.join(', ')}. Run: npm run docs\n`)
  process.exit(1)
}
process.stdout.write('Generated files are up to date: oclif.manifest.json, README.md\n')
