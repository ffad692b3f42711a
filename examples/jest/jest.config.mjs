export default {
  // One emulator for the whole run, started before any test file and stopped after the last.
  globalSetup: './emulator-setup.mjs',
  globalTeardown: './emulator-teardown.mjs',
}
