#!/usr/bin/env node
// Fails when oclif.manifest.json or the README command reference no longer match the commands (run `npm run docs`).
import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'

const oclif = (args) =>
  execFileSync('npx', ['--no-install', 'oclif', ...args], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})

const stale = []
const manifest = readFileSync('oclif.manifest.json', 'utf8')
try {
  oclif(['manifest'])
  if (readFileSync('oclif.manifest.json', 'utf8') !== manifest) stale.push('oclif.manifest.json')
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
