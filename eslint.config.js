import js from '@eslint/js'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  {ignores: ['dist/', 'node_modules/', 'coverage/']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: {
      globals: {Buffer: 'readonly', URL: 'readonly', console: 'readonly', fetch: 'readonly', process: 'readonly'},
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
    },
  },
  {
    // Commands print through the base command's helpers; nothing in src writes with console.
    files: ['src/**/*.ts'],
    rules: {'no-console': 'error'},
  },
  ...oneDoor(),
)

/**
 * One door between the CLI and the emulator: the CLI imports the emulator only through its public entry
 * (src/emulator/index.ts, the same module app developers import as `skctl/emulator`), the emulator never imports
 * CLI code, and src/shared (what both need) imports neither. Relative specifiers are matched by the depth of the
 * importing file, so `../` counts say exactly where a path lands.
 */
function oneDoor() {
  const up = (depth) => (depth === 0 ? '\\./' : '(\\.\\./)'.repeat(depth))
  const restrict = (files, ignores, regex, message) => ({
    files,
    ignores,
    rules: {
      'no-restricted-imports': ['error', {patterns: [{regex, message}]}],
      // Dynamic imports are not seen by no-restricted-imports.
      // esquery ends a regex at its first slash, so slashes are written as \x2F there.
      'no-restricted-syntax': [
        'error',
        {selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\x2F')}/]`, message},
      ],
    },
  })
  const levels = [0, 1, 2, 3, 4]
  const under = (dir, depth) => `${dir}/${'*/'.repeat(depth)}*.ts`
  return [
    ...levels.map((depth) =>
      restrict(
        [under('src', depth)],
        ['src/emulator/**', 'src/shared/**'],
        `^${up(depth)}emulator/(?!index\\.js$)`,
        'the CLI reaches the emulator only through its public entry, emulator/index.js; code both need belongs in src/shared',
      ),
    ),
    ...levels.map((depth) =>
      restrict(
        [under('src/emulator', depth)],
        [],
        `^${up(depth + 1)}(?!emulator/|shared/)`,
        'the emulator never imports CLI code; code both need belongs in src/shared',
      ),
    ),
    ...levels.map((depth) =>
      restrict(
        [under('src/shared', depth)],
        [],
        `^${up(depth + 1)}(?!shared/)`,
        'src/shared is imported by the CLI and the emulator and imports neither',
      ),
    ),
  ]
}
