import {startEmulator} from 'skctl/emulator'

export default async function setup() {
  const emulator = await startEmulator()
  // Test files (and the app code they load) run in worker processes started after this: they inherit these
  // variables, the ones the Scalekit SDK and Scalekit's samples read.
  Object.assign(process.env, emulator.env)
  return () => emulator.stop()
}
