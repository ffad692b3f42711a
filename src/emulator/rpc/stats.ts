/** API faults injected, by kind (see api-faults.ts). */
export interface FaultCounters {
  rateLimited: number
  delayed: number
  reset: number
  failed: number
  failedAfterWrite: number
}

const noFaults = (): FaultCounters => ({rateLimited: 0, delayed: 0, reset: 0, failed: 0, failedAfterWrite: 0})

/** Call counters served at /_emulator/stats, so tests can assert what a command did (or did not) call. */
export class RpcStats {
  /** Attempts per `<Service>/<Method>`, whatever the protocol and whatever the outcome. */
  private rpc = new Map<string, number>()
  tokens = 0
  unauthenticated = 0
  readonly faults: FaultCounters = noFaults()

  countRpc(name: string): void {
    this.rpc.set(name, (this.rpc.get(name) ?? 0) + 1)
  }

  reset(): void {
    this.rpc.clear()
    this.tokens = 0
    this.unauthenticated = 0
    Object.assign(this.faults, noFaults())
  }

  toJSON(): {rpc: Record<string, number>; tokens: number; unauthenticated: number; faults: FaultCounters} {
    return {
      rpc: Object.fromEntries(this.rpc),
      tokens: this.tokens,
      unauthenticated: this.unauthenticated,
      faults: {...this.faults},
    }
  }
}
