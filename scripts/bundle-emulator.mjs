#!/usr/bin/env node
// Part of `npm run build`, after tsc: bundles `skctl/emulator` (src/library/emulator.ts and the emulator it loads)
// into a few files in dist/bundle, the files the package's `exports` point at. Loaded from tsc's output, the emulator
// is some five hundred small ES modules, each resolved, read and compiled: that, not the emulator's own work, was
// most of the time from `import('skctl/emulator')` to a first answer. The emulator's lazy steps (the server, the
// request handling) stay chunks of their own.
//
// Not bundled:
// - `@scalekit-sdk/node` and `@bufbuild/protobuf`: required, so the emulator shares what an app that uses the SDK has
//   already loaded. The SDK is CommonJS, and its descriptors are built with @bufbuild/protobuf's CommonJS build: one
//   copy of it for the SDK, Connect, protovalidate and the emulator (src/api/protobuf.ts makes the same choice for
//   the CLI). Requiring also spares Node the second parse it gives a CommonJS file imported from an ES module.
// - seeding from an environment file (src/library/seed.ts): CLI code, loaded only with a seed, from tsc's output;
//   and the pinned ids (src/shared/pinned-ids.ts) it shares with the emulator, so that both see one PinnedIdError.
// - any package the emulator's code imports other than those in BUNDLED (the pure-JS ones every start loads):
//   imported from node_modules as before, as a native one (the store's database) or a big lazy one (passkeys'
//   @simplewebauthn/server) must be. What a bundled package imports is bundled with it.
import {build} from 'esbuild'
import {writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const outdir = 'dist/bundle'
const requireHere = createRequire(import.meta.url)
const REQUIRED = /^(@scalekit-sdk\/node|@bufbuild\/protobuf)(\/|$)/
const NAMESPACE = 'required-package'

/** Static imports of the shared packages become `require`s; dynamic imports of them stay as they are. */
const requireSharedPackages = {
  name: 'require-shared-packages',
  setup(bundle) {
    bundle.onResolve({filter: REQUIRED}, (args) =>
      args.namespace === NAMESPACE || args.kind !== 'import-statement'
        ? {path: args.path, external: true}
        : {path: args.path, namespace: NAMESPACE},
    )
    // An ES module naming each export once, rather than CommonJS interop, which copies every export of the module
    // into a new object for each bundled module that imports it (the services import the same descriptors).
    bundle.onLoad({filter: /.*/, namespace: NAMESPACE}, (args) => {
      const names = Object.keys(requireHere(args.path)).filter(
        (name) => name !== '__esModule' && /^[A-Za-z_$][\w$]*$/.test(name),
      )
      return {contents: `const m = require(${JSON.stringify(args.path)})\nexport const {${names.join(', ')}} = m\n`}
    })
  },
}

const BUNDLED = new Set([
  '@bufbuild/cel',
  '@bufbuild/cel-spec',
  '@bufbuild/protovalidate',
  '@bufbuild/re2',
  '@connectrpc/connect',
  '@connectrpc/connect-node',
  'jose',
])

/** `@scope/name/sub/path` -> `@scope/name`, `name/sub` -> `name`. */
const packageOf = (specifier) => specifier.split('/', specifier.startsWith('@') ? 2 : 1).join('/')

const otherPackagesExternal = {
  name: 'other-packages-external',
  setup(bundle) {
    bundle.onResolve({filter: /^[^./]/}, (args) =>
      args.importer.includes('/node_modules/') || args.path.startsWith('node:') || BUNDLED.has(packageOf(args.path))
        ? undefined
        : {path: args.path, external: true},
    )
  },
}

/** Source modules that stay tsc's output, imported from beside the bundle (see above). */
const FROM_TSC = new Set(['library/seed', 'shared/pinned-ids'])

const modulesFromTsc = {
  name: 'modules-from-tsc',
  setup(bundle) {
    bundle.onResolve({filter: /^\.\.?\//}, (args) => {
      const source = relative(join(root, 'src'), resolve(args.resolveDir, args.path)).replace(/\.js$/, '')
      return FROM_TSC.has(source) ? {path: `../${source}.js`, external: true} : undefined
    })
  },
}

await build({
  absWorkingDir: root,
  entryPoints: {emulator: 'src/library/emulator.ts'},
  outdir,
  // Beside the entry, so that every file's banner finds ./require.cjs.
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  sourcemap: true,
  // Less for V8 to scan at each load; names stay, so stack traces still read (and map back to src/).
  minifyWhitespace: true,
  minifySyntax: true,
  plugins: [requireSharedPackages, otherPackagesExternal, modulesFromTsc],
  // The `require` the bundled code calls. Not `createRequire(import.meta.url)`: test runners that turn ES modules
  // into CommonJS (jest with babel) cannot run `import.meta`, and there `require` is already a function parameter,
  // which only a `var` may redeclare.
  banner: {js: "import __cjsRequire from './require.cjs'\nvar require = __cjsRequire"},
  logLevel: 'warning',
})
writeFileSync(
  `${root}/${outdir}/require.cjs`,
  "// The bundle's `require`: resolves packages from here, as the bundle's own code would.\nmodule.exports = require\n",
)
