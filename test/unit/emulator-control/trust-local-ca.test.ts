import {mkdirSync, writeFileSync} from 'node:fs'
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
  it('names the CA for an https loopback URL when nothing trusts it yet', () => {
    const dataDir = dataDirWithCa()
    expect(localCaToTrust('https://127.0.0.1:8443', dataDir, {})).toBe(join(dataDir, 'tls', 'ca.pem'))
    expect(localCaToTrust('https://localhost:8443', dataDir, {})).toBe(join(dataDir, 'tls', 'ca.pem'))
  })

  it('asks for nothing otherwise: http, a real environment, no CA, a user-set variable, or already re-run', () => {
    const dataDir = dataDirWithCa()
    expect(localCaToTrust(undefined, dataDir, {})).toBeUndefined()
    expect(localCaToTrust('http://127.0.0.1:8080', dataDir, {})).toBeUndefined()
    expect(localCaToTrust('https://acme.scalekit.dev', dataDir, {})).toBeUndefined()
    expect(localCaToTrust('https://127.0.0.1:8443', tempDir(), {})).toBeUndefined()
    expect(localCaToTrust('https://127.0.0.1:8443', dataDir, {NODE_EXTRA_CA_CERTS: '/etc/ssl/other.pem'})).toBe(
      undefined,
    )
    expect(localCaToTrust('https://127.0.0.1:8443', dataDir, {[LOCAL_CA_RERUN]: '1'})).toBeUndefined()
  })
})
