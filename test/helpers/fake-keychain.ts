import type {Keychain} from '../../src/config/keychain.js'

/** The OS keychain cannot run here; this stands in for it (usable or not). */
export function fakeKeychain(usable: boolean): Keychain & {entries: Map<string, string>} {
  const entries = new Map<string, string>()
  return {
    entries,
    async get(account) {
      return entries.get(account)
    },
    async remove(account) {
      entries.delete(account)
    },
    async set(account, secret) {
      if (!usable) return false
      entries.set(account, secret)
      return true
    },
  }
}
