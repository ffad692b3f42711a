import {describe, expect, it} from 'vitest'
import {escapeHtml, html, SafeHtml} from '../../../src/emulator/pages/html.js'

describe('html templates', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = `<script>alert("x")</script> & 'co'`
    expect(html`<p title="${name}">${name}</p>`.value).toBe(
      `<p title="${escapeHtml(name)}">&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#39;co&#39;</p>`,
    )
  })

  it('keeps nested templates and SafeHtml as markup, joins arrays and drops empty values', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`)
    // prettier-ignore
    const list = html`<ul>${items}</ul>${undefined}${null}${false}${0}`
    expect(list.value).toBe('<ul><li>a&#60;b</li><li>c</li></ul>0')
    expect(html`${new SafeHtml('<br>')}`.value).toBe('<br>')
  })
})
