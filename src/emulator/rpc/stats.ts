/** Call counters served at /_emulator/stats, so tests can assert what a command did (or did not) call. */
export class RpcStats {
  /** Attempts per `<Service>/<Method>`, whatever the protocol and whatever the outcome. */
  private rpc = new Map<string, number>()
  tokens = 0
  unauthenticated = 0

  countRpc(name: string): void {
    this.rpc.set(name, (this.rpc.get(name) ?? 0) + 1)
  }

  reset(): void {
    this.rpc.clear()
    this.tokens = 0
    this.unauthenticated = 0
  }

  toJSON(): {rpc: Record<string, number>; tokens: number; unauthenticated: number} {
    return {rpc: Object.fromEntries(this.rpc), tokens: this.tokens, unauthenticated: this.unauthenticated}
  }
}
