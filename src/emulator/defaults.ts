/** Credentials of the emulator's one API client; the secret is public on purpose: it guards nothing real. */
export const DEFAULT_CLIENT_ID = 'skc_10000000000000001'
export const DEFAULT_CLIENT_SECRET = 'test_emulator_secret_not_for_production_0000'
/** Loopback only by default: the emulator has well-known credentials. */
export const DEFAULT_HOST = '127.0.0.1'
/** Port `skctl emulator start` uses unless told otherwise (the library and main.ts default to 0: any free port). */
export const DEFAULT_PORT = 8765
