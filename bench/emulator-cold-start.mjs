#!/usr/bin/env node
// One cold start in a new process, for `npm run bench`: `emulator` imports skctl/emulator, starts it, and waits for
// its health answer (what a test suite's global setup waits for); `bare` does the same with a bare node:http server
// answering one route, the floor any emulator start stands on.
import {fileURLToPath} from 'node:url'

if (process.argv[2] === 'bare') {
  const {createServer} = await import('node:http')
  const server = createServer((_request, response) => response.end('{"ok":true}'))
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const response = await fetch(`http://127.0.0.1:${server.address().port}/_emulator/health`)
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  server.close()
} else {
  const {startEmulator} = await import(fileURLToPath(new URL('../dist/emulator/index.js', import.meta.url)))
  const emulator = await startEmulator()
  const response = await fetch(`${emulator.url}/_emulator/health`)
  if (!response.ok) throw new Error(`HTTP ${response.status}`)
  // Not part of a start: the process exits without waiting for stop (which lets the loading under way finish).
  process.exit(0)
}
