/**
 * Output written as it is produced, with backpressure. When the reader goes away (`skctl users list --all | head
 * -1` closes the pipe) writes report false, so the producer stops quietly and the command still exits 0 — the
 * EPIPE error itself is swallowed by oclif's own listener on stdout.
 */
export class StreamWriter {
  private gone = false

  constructor(private readonly stream: NodeJS.WritableStream & {destroyed?: boolean} = process.stdout) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.gone = true
    })
  }

  /** True while someone is reading. */
  get open(): boolean {
    return !this.gone && !this.stream.destroyed
  }

  /** Writes `text`, waiting while the reader is behind; false once the reader has gone (nothing more is written). */
  async write(text: string): Promise<boolean> {
    if (!this.open) return false
    if (!this.stream.write(text)) {
      await new Promise<void>((resolve) => {
        const done = () => {
          this.stream.off('drain', done)
          this.stream.off('close', done)
          this.stream.off('error', done)
          resolve()
        }
        this.stream.on('drain', done)
        this.stream.on('close', done)
        this.stream.on('error', done)
      })
    }
    return this.open
  }
}
