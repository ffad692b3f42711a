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
)
