import {spawnSync} from 'node:child_process'
import {closeSync, fstatSync, ftruncateSync, mkdtempSync, openSync, rmdirSync, rmSync, writeSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {afterEach} from 'vitest'

// Real full and read-only disks for the output tests: small tmpfs mounts. Mounting needs root (CI runs the tests as
// root); elsewhere the tests that need one are skipped, saying why.

const mounted: string[] = []

function mount(dir: string, options: string): boolean {
  return spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], {stdio: 'ignore'}).status === 0
}

function unmount(dir: string): void {
  spawnSync('umount', [dir], {stdio: 'ignore'})
  rmdirSync(dir)
}

/** Whether this process may mount a tmpfs (probed once, the probe unmounted at once). */
export const canMountTmpfs: boolean = (() => {
  const dir = mkdtempSync(join(tmpdir(), 'skctl-tmpfs-probe-'))
  const ok = mount(dir, 'size=4k')
  if (ok) unmount(dir)
  else rmdirSync(dir)
  return ok
})()

export const NO_MOUNT = 'skipped unless root: it mounts a small tmpfs'

/** A fresh tmpfs of `size` (e.g. "64k"), read-only with `readOnly`; unmounted after the test. */
export function tmpfs(size: string, options: {readOnly?: boolean} = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'skctl-tmpfs-'))
  if (!mount(dir, `${options.readOnly ? 'ro,' : ''}size=${size}`)) {
    rmdirSync(dir)
    throw new Error(`cannot mount a tmpfs on ${dir}`)
  }
  mounted.push(dir)
  return dir
}

/**
 * Fills the file system of `dir` until writes fail with ENOSPC, then gives `leaveBytes` back; returns the filler,
 * to delete to free the space.
 */
export function fillDisk(dir: string, leaveBytes = 0): string {
  const filler = join(dir, 'filler')
  const fd = openSync(filler, 'w')
  const block = Buffer.alloc(512, 120)
  try {
    for (;;) writeSync(fd, block)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    if (leaveBytes > 0) ftruncateSync(fd, Math.max(0, fstatSync(fd).size - leaveBytes))
    closeSync(fd)
  }
  return filler
}

export const freeDisk = (filler: string) => rmSync(filler)

afterEach(() => {
  for (const dir of mounted.splice(0)) unmount(dir)
})
