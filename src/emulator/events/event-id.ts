import {randomBytes} from 'node:crypto'

const SEVENTEEN_DIGITS = 9n * 10n ** 16n

/**
 * `evt_` and 17 digits, like every emulator id, but random: events are not stored, so the store's counter (which
 * a restart recovers only from stored records) could hand the same event id out twice.
 */
export function newEventId(): string {
  const random = BigInt(`0x${randomBytes(8).toString('hex')}`) % SEVENTEEN_DIGITS
  return `evt_${10n ** 16n + random}`
}
