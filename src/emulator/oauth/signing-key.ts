import {
  createPrivateKey,
  createPublicKey,
  generateKeyPair,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
  randomBytes,
} from 'node:crypto'
import {existsSync, readFileSync, renameSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'

const KEY_FILE = 'signing-key.json'

/** The RS256 key the emulator signs tokens with; its public half is served at /keys. */
export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
  /** Public JWK as published in the JWKS. */
  publicJwk: JsonWebKey
}

interface StoredKey {
  kid: string
  privateJwk: JsonWebKey
}

const generateRsaKeyPair = promisify(generateKeyPair)

/**
 * With a data directory the key is kept there (0600) so tokens and cached JWKS stay valid across restarts;
 * otherwise every start gets a fresh key. A new key is generated on the thread pool: it takes 0.1–0.5 s of CPU,
 * which would otherwise block the event loop of the process that starts the emulator (an app's test run).
 */
export async function loadOrCreateSigningKey(dataDir?: string): Promise<SigningKey> {
  const path = dataDir === undefined ? undefined : join(dataDir, KEY_FILE)
  if (path && existsSync(path)) return fromStored(readStoredKey(path))
  const {privateKey} = await generateRsaKeyPair('rsa', {modulusLength: 2048})
  const stored = {kid: newKid(), privateJwk: privateKey.export({format: 'jwk'})}
  if (path) writeFileSync(path, JSON.stringify(stored), {mode: 0o600, flag: 'wx'})
  return fromStored(stored)
}

/** A fresh key under a new kid, kept nowhere yet. */
export function createSigningKey(): SigningKey {
  return fromStored(newStoredKey())
}

/** Replaces the data directory's key (a rotation) atomically: a crash leaves the old key or the new one. */
export function storeSigningKey(dataDir: string, key: SigningKey): void {
  const path = join(dataDir, KEY_FILE)
  const stored: StoredKey = {kid: key.kid, privateJwk: key.privateKey.export({format: 'jwk'})}
  const partial = `${path}.${process.pid}.partial`
  writeFileSync(partial, JSON.stringify(stored), {mode: 0o600})
  renameSync(partial, path)
}

function newStoredKey(): StoredKey {
  return {
    kid: newKid(),
    privateJwk: generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({format: 'jwk'}),
  }
}

function newKid(): string {
  return `snk_emulator_${randomBytes(8).toString('hex')}`
}

function readStoredKey(path: string): StoredKey {
  try {
    const stored = JSON.parse(readFileSync(path, 'utf8')) as StoredKey
    if (typeof stored.kid !== 'string' || stored.privateJwk?.kty !== 'RSA') throw new Error('not an RSA key')
    return stored
  } catch (error) {
    throw new Error(`${path}: cannot read the emulator signing key (${(error as Error).message})`)
  }
}

function fromStored({kid, privateJwk}: StoredKey): SigningKey {
  const privateKey = createPrivateKey({key: privateJwk, format: 'jwk'})
  const publicKey = createPublicKey(privateKey)
  const publicJwk = {...publicKey.export({format: 'jwk'}), kid, alg: 'RS256', use: 'sig'}
  return {kid, privateKey, publicKey, publicJwk}
}
