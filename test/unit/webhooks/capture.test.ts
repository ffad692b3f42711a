import {describe, expect, it} from 'vitest'

import {parseHeaders} from '../../../src/webhooks/capture.js'

describe('parseHeaders', () => {
  it('reads a JSON object, lower-casing names as the SDK looks them up', () => {
    expect(parseHeaders('{"Webhook-Id": "evt_1", "webhook-timestamp": 1700000000}', 'h.json')).toEqual({
      'webhook-id': 'evt_1',
      'webhook-timestamp': '1700000000',
    })
  })

  it('reads "Name: value" lines from a request log or curl -v, skipping the request line', () => {
    const log = [
      '\uFEFFPOST /webhooks HTTP/1.1',
      '> Webhook-Id: evt_2',
      'webhook-signature: v1,abc= v1,def=  ',
      '',
      'Content-Type: application/json; charset=utf-8',
    ].join('\r\n')
    expect(parseHeaders(log, 'h.txt')).toEqual({
      'webhook-id': 'evt_2',
      'webhook-signature': 'v1,abc= v1,def=',
      'content-type': 'application/json; charset=utf-8',
    })
  })

  it('refuses what is neither, naming the file and the line', () => {
    expect(() => parseHeaders('', 'h.txt')).toThrow(/h.txt is empty/)
    expect(() => parseHeaders('webhook-id: evt_3\nnot a header', 'h.txt')).toThrow(/line 2 of h.txt/)
    expect(() => parseHeaders('{"webhook-id": ', 'h.json')).toThrow(/h.json is not valid JSON/)
    expect(() => parseHeaders('{"webhook-id": ["evt_4"]}', 'h.json')).toThrow(/webhook-id in h.json must be a string/)
  })
})
