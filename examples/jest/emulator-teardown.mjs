export default async function teardown() {
  await globalThis.scalekitEmulator?.stop()
}
