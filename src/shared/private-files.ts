import {chmodSync, fchmodSync, mkdirSync, statSync} from 'node:fs'

/**
 * Directories and files that hold the emulator's state, signing key, runtime record or log are the user's alone:
 * another local user who could write there could swap the database or the key, or read the test secret.
 */

/**
 * Creates `dir` (0700) or takes an existing one, tightening group/other permissions away. A directory that belongs
 * to another user is refused rather than changed: its owner can loosen it again at any time.
 */
export function ensurePrivateDirectory(dir: string): void {
  mkdirSync(dir, {recursive: true, mode: 0o700})
  // POSIX only: Windows has neither uids nor these mode bits.
  if (process.getuid === undefined) return
  const {mode, uid} = statSync(dir)
  if (uid !== process.getuid()) {
    throw new Error(`${dir} belongs to another user (uid ${uid}); use a directory of your own`)
  }
  if ((mode & 0o077) !== 0) chmodSync(dir, 0o700)
}

/** Sets an open file to 0600 whatever mode it had: `open`'s mode only applies when it creates the file. */
export function restrictToOwner(fd: number): void {
  if (process.getuid !== undefined) fchmodSync(fd, 0o600)
}
