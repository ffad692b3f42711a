import {execFileSync} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {tempDir} from './tmp.js'

export interface TestCertificate {
  /** PEM text of the certificate. */
  pem: string
  /** The certificate's DER as base64, as SAML metadata carries it inside <ds:X509Certificate>. */
  base64: string
}

/**
 * A self-signed certificate made at test time with openssl (its private key stays in a temporary directory that is
 * removed after the test). `days` may be negative for one that has already expired.
 */
export function makeCertificate(options: {bits?: number; days?: number; cn?: string} = {}): TestCertificate {
  const {bits = 2048, days = 365, cn = 'idp.example'} = options
  const dir = tempDir('skctl-cert-')
  const key = join(dir, 'key.pem')
  const cert = join(dir, 'cert.pem')
  const quiet = {stdio: 'ignore' as const}
  execFileSync('openssl', ['genrsa', '-out', key, String(bits)], quiet)
  if (days > 0) {
    execFileSync(
      'openssl',
      ['req', '-x509', '-new', '-key', key, '-out', cert, '-days', String(days), '-subj', `/CN=${cn}`],
      quiet,
    )
  } else {
    // openssl req cannot date a certificate in the past; `x509 -not_after` needs 3.4, so sign a CSR with explicit dates.
    const csr = join(dir, 'req.csr')
    execFileSync('openssl', ['req', '-new', '-key', key, '-out', csr, '-subj', `/CN=${cn}`], quiet)
    const end = new Date(Date.now() + days * 86_400_000)
    const start = new Date(end.getTime() - 365 * 86_400_000)
    execFileSync(
      'openssl',
      [
        'ca',
        '-batch',
        '-selfsign',
        '-notext',
        '-keyfile',
        key,
        '-in',
        csr,
        '-out',
        cert,
        '-startdate',
        asn1Time(start),
        '-enddate',
        asn1Time(end),
        '-config',
        caConfig(dir),
      ],
      quiet,
    )
  }
  const pem = readFileSync(cert, 'utf8')
  const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '')
  return {pem, base64}
}

/** YYYYMMDDHHMMSSZ, the form `openssl ca -startdate/-enddate` takes. */
function asn1Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`
}

/** The smallest `openssl ca` configuration: a database and serial in the temporary directory. */
function caConfig(dir: string): string {
  writeFileSync(join(dir, 'index.txt'), '')
  writeFileSync(join(dir, 'serial'), '01\n')
  const config = join(dir, 'ca.cnf')
  writeFileSync(
    config,
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'serial = $dir/serial',
      'new_certs_dir = $dir',
      'default_md = sha256',
      'policy = any',
      '[any]',
      'commonName = supplied',
      '',
    ].join('\n'),
  )
  return config
}
