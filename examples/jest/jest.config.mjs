export default {
  // One emulator for the whole run, started before any test file and stopped after the last.
  globalSetup: './emulator-setup.mjs',
  globalTeardown: './emulator-teardown.mjs',
  // The Scalekit SDK require()s jose, which ships only ES modules; jest cannot require those before Node 24.9. So
  // tests run as CommonJS, with babel turning ES modules into CommonJS: yours, jose's and skctl's.
  transform: {'\\.[cm]?js$': ['babel-jest', {plugins: ['@babel/plugin-transform-modules-commonjs']}]},
  transformIgnorePatterns: ['/node_modules/(?!(jose|skctl)/)'],
}
