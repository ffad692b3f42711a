import {KeyObject, X509Certificate as NodeCertificate, randomBytes, webcrypto} from 'node:crypto'
import {closeSync, existsSync, openSync, readFileSync, renameSync, writeSync} from 'node:fs'
import {join} from 'node:path'
import {rootCertificates} from 'node:tls'

import {ensurePrivateDirectory, restrictToOwner} from '../shared/private-files.js'

/** Where the local CA and the emulator's certificate live, and how apps are told to trust them. */
export interface LocalTls {
  /** The CA certificate alone: for NODE_EXTRA_CA_CERTS, which adds to Node's own roots. */
  caFile: string
  /** The system's roots and the CA: for variables that replace the roots (grpcio, OpenSSL, requests). */
  bundleFile: string
  certFile: string
  keyFile: string
}

const ALGORITHM = {name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256'}
const DAY_MS = 86_400_000
const CA_DAYS = 3650
const SERVER_DAYS = 365
/** A server certificate this close to its end is replaced at start. */
const RENEW_WITHIN_DAYS = 30
/** The names apps use for the emulator; the certificate covers each. */
const SERVER_NAMES = [
  {type: 'dns', value: 'localhost'},
  {type: 'ip', value: '127.0.0.1'},
  {type: 'ip', value: '::1'},
] as const

/**
 * The local CA (made once, kept for ten years so apps keep trusting it) and a certificate for localhost, 127.0.0.1
 * and ::1 that it issues (renewed when it nears its end or the CA changed). Everything is kept in `dir` (0700),
 * each file 0600: the CA's key could vouch for any name, to anyone who trusts the CA.
 */
export async function ensureLocalTls(dir: string): Promise<LocalTls> {
  ensurePrivateDirectory(dir)
  const files: LocalTls = {
    caFile: join(dir, 'ca.pem'),
    bundleFile: join(dir, 'ca-bundle.pem'),
    certFile: join(dir, 'localhost.pem'),
    keyFile: join(dir, 'localhost-key.pem'),
  }
  const caKeyFile = join(dir, 'ca-key.pem')
  // @peculiar/x509 resolves its algorithms through tsyringe, which needs the Reflect metadata polyfill loaded first.
  await import('reflect-metadata')
  const x509 = await import('@peculiar/x509')
  x509.cryptoProvider.set(
    webcrypto as unknown as NonNullable<Parameters<typeof x509.X509CertificateGenerator.create>[1]>,
  )

  let caFresh = false
  if (!existsSync(files.caFile) || !existsSync(caKeyFile)) {
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
    const now = Date.now()
    const ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: 'CN=skctl local CA (emulator only)',
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + CA_DAYS * DAY_MS),
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    })
    writePrivate(caKeyFile, privatePem(keys.privateKey))
    writePrivate(files.caFile, ca.toString('pem'))
    caFresh = true
  }

  const caPem = readFileSync(files.caFile, 'utf8')
  if (caFresh || !existsSync(files.bundleFile)) {
    writePrivate(files.bundleFile, `${[...rootCertificates, caPem.trim()].join('\n')}\n`)
  }
  if (caFresh || !usable(files.certFile, files.keyFile, caPem)) {
    const ca = new x509.X509Certificate(caPem)
    const caKey = await webcrypto.subtle.importKey(
      'pkcs8',
      pemBody(readFileSync(caKeyFile, 'utf8')),
      ALGORITHM,
      false,
      ['sign'],
    )
    const keys = (await webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
    const now = Date.now()
    const server = await x509.X509CertificateGenerator.create({
      serialNumber: serial(),
      subject: 'CN=localhost',
      issuer: ca.subject,
      notBefore: new Date(now - DAY_MS),
      notAfter: new Date(now + SERVER_DAYS * DAY_MS),
      publicKey: keys.publicKey,
      signingKey: caKey,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.SubjectAlternativeNameExtension(SERVER_NAMES.map((name) => ({...name}))),
        await x509.AuthorityKeyIdentifierExtension.create(ca),
      ],
    })
    writePrivate(files.keyFile, privatePem(keys.privateKey))
    writePrivate(files.certFile, server.toString('pem'))
  }
  return files
}

/** The server certificate exists, was issued by this CA, and has more than RENEW_WITHIN_DAYS left. */
function usable(certFile: string, keyFile: string, caPem: string): boolean {
  if (!existsSync(certFile) || !existsSync(keyFile)) return false
  try {
    const certificate = new NodeCertificate(readFileSync(certFile))
    const remaining = Date.parse(certificate.validTo) - Date.now()
    return certificate.checkIssued(new NodeCertificate(caPem)) && remaining > RENEW_WITHIN_DAYS * DAY_MS
  } catch {
    return false
  }
}

/** A positive serial number of 128 random bits, as RFC 5280 asks (at most 20 octets, not negative). */
function serial(): string {
  const bytes = randomBytes(16)
  bytes[0]! &= 0x7f
  bytes[0]! |= 0x01
  return bytes.toString('hex')
}

function privatePem(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({format: 'pem', type: 'pkcs8'}).toString()
}

function pemBody(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')
}

/** Written whole or not at all, 0600 from the first byte. */
function writePrivate(file: string, text: string): void {
  const fd = openSync(`${file}.tmp`, 'w', 0o600)
  try {
    restrictToOwner(fd)
    writeSync(fd, text)
  } finally {
    closeSync(fd)
  }
  renameSync(`${file}.tmp`, file)
}

/** The variables that make apps trust the local CA, by what reads them. */
export function trustVariables(tls: Pick<LocalTls, 'bundleFile' | 'caFile'>): Record<string, string> {
  return {
    // Node adds this file to its own roots (skctl itself included).
    NODE_EXTRA_CA_CERTS: tls.caFile,
    // grpcio, OpenSSL-based clients and requests replace their roots with these: the bundle keeps the system's.
    GRPC_DEFAULT_SSL_ROOTS_FILE_PATH: tls.bundleFile,
    SSL_CERT_FILE: tls.bundleFile,
    REQUESTS_CA_BUNDLE: tls.bundleFile,
  }
}

/** Where skctl keeps the local CA: `tls/` in its data directory. */
export const tlsDirectory = (dataDir: string) => join(dataDir, 'tls')
