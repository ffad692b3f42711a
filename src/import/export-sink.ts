import {once} from 'node:events'
import {createWriteStream} from 'node:fs'
import {rename, rm} from 'node:fs/promises'

import {explainWriteFailure} from './output-path.js'

/**
 * Where an export's lines go: standard output, or a file that appears only once complete (a temporary sibling,
 * renamed at the end and removed on any failure). Stream errors never escape as unhandled 'error' events: a failed
 * write is one clear error, and a reader that closed standard output early (`| head`) just ends the export.
 */
export class ExportSink {
  /** The reader of standard output went away: stop writing, it is not a failure. */
  closed = false
  private failure: unknown
  private readonly stream: NodeJS.WritableStream
  private readonly temporary?: string

  constructor(private readonly output?: string) {
    this.temporary = output ? `${output}.${process.pid}.partial` : undefined
    this.stream = this.temporary ? createWriteStream(this.temporary, {mode: 0o600}) : process.stdout
    this.stream.on('error', (error: NodeJS.ErrnoException) => this.failed(error))
  }

  /** Writes one chunk, waiting while the reader is behind; false once standard output is closed. */
  async write(text: string): Promise<boolean> {
    this.throwIfFailed()
    if (this.closed) return false
    if (!this.stream.write(text)) {
      await Promise.race([once(this.stream, 'drain'), once(this.stream, 'close')]).catch(() => undefined)
    }
    this.throwIfFailed()
    return !this.closed
  }

  /** Completes the file (flushed, renamed into place); nothing for standard output. */
  async finish(): Promise<void> {
    if (!this.temporary || !this.output) return
    const file = this.stream
    await new Promise<void>((resolve) => {
      file.end(resolve)
      file.once('error', () => resolve())
    })
    this.throwIfFailed()
    await rename(this.temporary, this.output)
  }

  /** Removes the unfinished file; safe to call after finish. */
  async discard(): Promise<void> {
    if (!this.temporary) return
    ;(this.stream as NodeJS.WritableStream & {destroy(): void}).destroy()
    await rm(this.temporary, {force: true})
  }

  private failed(error: NodeJS.ErrnoException): void {
    if (!this.temporary && error.code === 'EPIPE') this.closed = true
    else this.failure ??= this.output ? Object.assign(error, {path: this.output}) : error
  }

  private throwIfFailed(): void {
    if (this.failure !== undefined) throw explainWriteFailure(this.failure, {resumable: false})
  }
}
