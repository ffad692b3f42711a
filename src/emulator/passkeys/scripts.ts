import {createHash} from 'node:crypto'
import {SafeHtml} from '../pages/html.js'

// The passkeys pages' only scripts: they carry the WebAuthn options from the emulator to navigator.credentials
// and the authenticator's answer back, with the browser's own JSON conversions. Messages go in as text, never as
// markup. Each script is allowed by its hash, so nothing else can run on the pages.

/**
 * On submit of the page's form: fetch the options from the form's `data-options` path, run the ceremony (`steps`,
 * which may use `post`, `form` and `options`), and say what failed in the status line.
 */
const ceremony = (formId: string, steps: string, failure: string) => `(() => {
  const post = async (path, body) => {
    const response = await fetch(path, {method: 'POST', headers: {'content-type': 'application/json'}, body: JSON.stringify(body)})
    const answer = await response.json()
    if (!response.ok) throw new Error(answer.error_description || 'HTTP ' + response.status)
    return answer
  }
  const form = document.getElementById('${formId}')
  const status = document.getElementById('status')
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    status.textContent = 'Waiting for your authenticator…'
    try {
      const options = await post(form.dataset.options, {})
      ${steps}
    } catch (error) {
      status.textContent = '${failure}: ' + error.message
    }
  })
})()`

const REGISTER = ceremony(
  'register',
  `const credential = await navigator.credentials.create({publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options)})
      await post(form.getAttribute('action'), {displayName: form.elements.display_name.value, response: credential.toJSON()})
      location.reload()`,
  'The passkey was not registered',
)

const SIGN_IN = ceremony(
  'sign-in',
  `const credential = await navigator.credentials.get({publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options)})
      const answer = await post(form.getAttribute('action'), {response: credential.toJSON()})
      location.assign(answer.redirect)`,
  'Sign-in with a passkey failed',
)

export interface PageScript {
  element: SafeHtml
  /** The page's Content-Security-Policy: this script, fetches to the emulator itself, nothing else. */
  csp: string
}

function pageScript(source: string): PageScript {
  const hash = createHash('sha256').update(source).digest('base64')
  return {
    // Built outside `html` templates, whose formatting could change the hashed text.
    element: new SafeHtml(`<script>${source}</script>`),
    csp:
      `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${hash}'; connect-src 'self'; ` +
      "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  }
}

export const REGISTER_SCRIPT = pageScript(REGISTER)
export const SIGN_IN_SCRIPT = pageScript(SIGN_IN)
