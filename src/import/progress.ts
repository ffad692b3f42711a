/** Counts rows as they finish and, on a terminal, redraws one status line on stderr (count, rate, ETA). */
export class Progress {
  private done = 0
  private failed = 0
  private readonly started = Date.now()
  private timer?: NodeJS.Timeout

  constructor(
    private readonly total: number,
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream | undefined,
  ) {
    if (!stream) return
    this.draw()
    this.timer = setInterval(() => this.draw(), 250).unref()
  }

  tick(kind: string): void {
    this.done++
    if (kind === 'failed') this.failed++
  }

  stop(): void {
    if (!this.timer) return
    clearInterval(this.timer)
    this.timer = undefined
    this.stream?.write('\r\u001B[2K')
  }

  private draw(): void {
    const seconds = (Date.now() - this.started) / 1000
    const rate = seconds > 0 ? this.done / seconds : 0
    const left = rate > 0 ? (this.total - this.done) / rate : Number.NaN
    const percent = this.total > 0 ? Math.floor((100 * this.done) / this.total) : 100
    const parts = [
      `${this.label} ${this.done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} (${percent}%)`,
      `${Math.round(rate).toLocaleString('en-US')}/s`,
      Number.isFinite(left) ? `ETA ${duration(left)}` : 'ETA …',
    ]
    if (this.failed > 0) parts.push(`${this.failed.toLocaleString('en-US')} failed`)
    this.stream?.write(`\r\u001B[2K${parts.join(' · ')}`)
  }
}

export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m ${Math.round(seconds % 60)}s`
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`
}
