import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {describe, expect, it} from 'vitest'

import {LOCAL_CA_RERUN, localCaFile, localCaToTrust} from '../../../src/emulator-control/trust-local-ca.js'
import {tempDir} from '../../helpers/tmp.js'

function dataDirWithCa(): string {
  const dataDir = tempDir()
  mkdirSync(join(dataDir, 'tls'))
  writeFileSync(localCaFile(dataDir), 'a CA\n')
  return dataDir
}

describe('localCaToTrust', () => {
  it('names the CA for an https loopback URL when nothing trusts it yet', async () => {
    const dataDir = dataDirWithCa()
    expect(await localCaToTrust('https://127.0.0.1:8443', dataDir, {})).toBe(join(dataDir, 'tls', 'ca.pem'))
    expect(await localCaToTrust('https://localhost:8443', dataDir, {})).toBe(join(dataDir, 'tls', 'ca.pem'))
  })

  it('asks for nothing otherwise: http, a real environment, no CA, the CA already trusted, or already re-run', async () => {
    const dataDir = dataDirWithCa()
    expect(await localCaToTrust(undefined, dataDir, {})).toBeUndefined()
    expect(await localCaToTrust('http://127.0.0.1:8080', dataDir, {})).toBeUndefined()
    expect(await localCaToTrust('https://acme.scalekit.dev', dataDir, {})).toBeUndefined()
    expect(await localCaToTrust('https://127.0.0.1:8443', tempDir(), {})).toBeUndefined()
    expect(await localCaToTrust('https://127.0.0.1:8443', dataDir, {NODE_EXTRA_CA_CERTS: localCaFile(dataDir)})).toBe(
      undefined,
    )
    expect(
      await localCaToTrust('https://127.0.0.1:8443', dataDir, {NODE_EXTRA_CA_CERTS: join(dataDir, 'none.pem')}),
    ).toBe(undefined)
    expect(await localCaToTrust('https://127.0.0.1:8443', dataDir, {[LOCAL_CA_RERUN]: '1'})).toBeUndefined()
  })

  it("keeps a NODE_EXTRA_CA_CERTS of the user's: a file of theirs and the CA together, rewritten only when changed", async () => {
    const dataDir = dataDirWithCa()
    const theirs = join(dataDir, 'theirs.pem')
    writeFileSync(theirs, 'their CA\n\n')
    const combined = await localCaToTrust('https://127.0.0.1:8443', dataDir, {NODE_EXTRA_CA_CERTS: theirs})
    expect(combined).toBe(join(dataDir, 'tls', 'node-extra-ca.pem'))
    expect(readFileSync(combined as string, 'utf8')).toBe('their CA\na CA\n')
    writeFileSync(theirs, 'their new CA\n')
    await localCaToTrust('https://127.0.0.1:8443', dataDir, {NODE_EXTRA_CA_CERTS: theirs})
    expect(readFileSync(combined as string, 'utf8')).toBe('their new CA\na CA\n')
  })
})
