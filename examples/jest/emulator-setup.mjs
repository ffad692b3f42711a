import {startEmulator} from 'skctl/emulator'

export default async function setup() {
  const emulator = await startEmulator()
  // Test files (and the app code they load) run in workers started after this: they inherit these variables.
  Object.assign(process.env, emulator.env)
  // Jest shares globals between its global setup and teardown only.
  globalThis.scalekitEmulator = emulator
}
