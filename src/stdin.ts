import {usageError} from './errors.js'

/** Reads a secret piped on stdin (`--client-secret-stdin`): one value, surrounding whitespace removed. */
export async function readSecretFromStdin(flag: string): Promise<string> {
  if (process.stdin.isTTY)
    throw usageError(`${flag} expects the secret on standard input`, `pipe it: ... | skctl ... ${flag}`)
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  const value = Buffer.concat(chunks).toString('utf8').trim()
  if (!value) throw usageError(`${flag} was given but standard input was empty`)
  return value
}
