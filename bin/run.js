#!/usr/bin/env node
const [major, minor] = process.versions.node.split('.').map(Number)
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`skctl needs Node.js 20.19 or newer (this is ${process.version}).\n`)
  process.exit(1)
}

// `skctl --version` is what scripts and CI run most: answer it without loading the framework (oclif's format).
const args = process.argv.slice(2)
if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
  const {readFileSync} = await import('node:fs')
  const {name, version} = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  process.stdout.write(`${name}/${version} ${process.platform}-${process.arch} node-${process.version}\n`)
  process.exit(0)
}

// oclif's DEBUG lines print argv before any command runs: credentials in it (--code, --link-token) are masked first.
const {registerSecretArgs} = await import('../dist/secret-args.js')
registerSecretArgs(args)

const {execute, settings} = await import('@oclif/core')
settings.enableAutoTranspile = false
await execute({dir: import.meta.url})
