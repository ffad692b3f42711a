/**
 * The OS keychain through @napi-rs/keyring. Every call is bounded in time and failure-tolerant: a missing or
 * locked keychain (headless Linux, CI) makes callers fall back to the 0600 config file.
 */
const SERVICE = 'skctl'
const TIMEOUT_MS = 3000

export interface Keychain {
  get(account: string): Promise<string | undefined>
  remove(account: string): Promise<void>
  /** Returns false when the keychain is not usable. */
  set(account: string, secret: string): Promise<boolean>
}

function bounded<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('keychain did not answer in time')), TIMEOUT_MS)
    timer.unref()
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

async function entry(account: string) {
  const {AsyncEntry} = await import('@napi-rs/keyring')
  return new AsyncEntry(SERVICE, account)
}

export const osKeychain: Keychain = {
  async get(account) {
    if (process.env.SKCTL_NO_KEYCHAIN) return undefined
    try {
      return (await bounded((await entry(account)).getPassword())) ?? undefined
    } catch {
      return undefined
    }
  },
  async remove(account) {
    if (process.env.SKCTL_NO_KEYCHAIN) return
    try {
      await bounded((await entry(account)).deleteCredential())
    } catch {
      // Nothing stored there, or no keychain: either way nothing is left behind.
    }
  },
  async set(account, secret) {
    if (process.env.SKCTL_NO_KEYCHAIN) return false
    try {
      const e = await entry(account)
      await bounded(e.setPassword(secret))
      return (await bounded(e.getPassword())) === secret
    } catch {
      return false
    }
  },
}
