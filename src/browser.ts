/** How long a launcher may run before we take it as having opened the browser (some block until it closes). */
const LAUNCH_GRACE_MS = 3000

/**
 * Opens a URL in the user's browser. Never throws: callers print the URL anyway and warn when this reports
 * failure — the launcher could not start, or exited with an error (no browser, no display).
 */
export async function openInBrowser(url: string): Promise<{error?: string; opened: boolean}> {
  try {
    const {default: open} = await import('open')
    const child = await open(url)
    return await new Promise((resolve) => {
      const timer = setTimeout(() => resolve({opened: true}), LAUNCH_GRACE_MS)
      const done = (result: {error?: string; opened: boolean}) => {
        clearTimeout(timer)
        resolve(result)
      }
      child.once('error', (error) => done({error: error.message, opened: false}))
      child.once('exit', (code) =>
        done(code === 0 ? {opened: true} : {error: `the launcher exited with ${code}`, opened: false}),
      )
    })
  } catch (error) {
    return {error: (error as Error).message, opened: false}
  }
}
