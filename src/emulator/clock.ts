/** Milliseconds since the epoch. Injected where behaviour depends on time, so tests can move it without waiting. */
export type Clock = () => number

export const systemClock: Clock = () => Date.now()
