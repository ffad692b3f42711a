import {defineConfig} from 'vitest/config'

// Two cores: integration tests spawn the built CLI and emulators, so keep parallelism modest.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: 2,
    disableConsoleIntercept: true,
    setupFiles: ['test/helpers/setup.ts'],
    projects: [
      {extends: true, test: {name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 10_000}},
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000},
      },
    ],
  },
})
