import {randomBytes} from 'node:crypto'

const SEVENTEEN_DIGITS = 9n * 10n ** 16n

/**
 * `evt_` and 17 digits, like every emulator id, but random: events are not stored, so the store's counter (which
 * a restart recovers only from stored records) could hand the same event id out twice.
 */
export function newEventId(): string {
  return randomId('evt')
}

/** `<prefix>_` and 17 random digits: the id of something that is never stored (an event, a sample record). */
export function randomId(prefix: string): string {
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`) % SEVENTEEN_DIGITS
  return `${prefix}_${10n ** 16n + random}`
}
