import type {ScalekitClient} from '@scalekit-sdk/node'
import {describe, expect, it} from 'vitest'
import {AGENTKIT_CLIENTS, SCALEKIT_CLIENT, sdkSurface, TRANSPORT_MEMBERS} from '../../../src/emulator/sdk-surface.js'
import {Fixtures, sdkCalls} from './sdk-surface-calls.js'
import {useSdkEmulator} from './support.js'

const ctx = useSdkEmulator()

/** The methods on an object's prototype chain (not Object's), as a future SDK would add them. */
function methodsOf(object: object): string[] {
  const names = new Set<string>()
  for (
    let proto = Object.getPrototypeOf(object);
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  )
    for (const name of Object.getOwnPropertyNames(proto))
      if (name !== 'constructor' && typeof Object.getOwnPropertyDescriptor(proto, name)?.value === 'function')
        names.add(name)
  return [...names]
}

/** Every sub-client of a ScalekitClient (its properties that are objects with methods) and ScalekitClient itself. */
function enumerate(sk: ScalekitClient): Map<string, string[]> {
  const clients = new Map([[SCALEKIT_CLIENT, methodsOf(sk)]])
  for (const [name, value] of Object.entries(sk))
    if (value && typeof value === 'object' && methodsOf(value as object).length > 0)
      clients.set(name, methodsOf(value as object))
  return clients
}

function describeError(error: unknown): string {
  const e = error as {name?: string; errorCode?: string; grpcStatus?: number; message?: string}
  return `${e.name ?? 'Error'} ${e.errorCode ?? ''}(${e.grpcStatus ?? '-'}): ${e.message ?? String(error)}`
}

describe('the SDK surface against the emulator', () => {
  it('lists every public method of every ScalekitClient sub-client in src/emulator/sdk-surface.ts', () => {
    const problems: string[] = []
    const enumerated = enumerate(ctx.client)
    for (const [client, methods] of enumerated) {
      if (client in TRANSPORT_MEMBERS || client in AGENTKIT_CLIENTS) continue
      const listed = sdkSurface[client]
      if (!listed) {
        problems.push(`new SDK sub-client sk.${client}: add it to sdkSurface in src/emulator/sdk-surface.ts`)
        continue
      }
      for (const method of methods)
        if (!(method in listed.methods))
          problems.push(`new SDK method ${client}.${method}: add it to sdkSurface (and to sdkCalls if it is public)`)
      for (const method of Object.keys(listed.methods))
        if (!methods.includes(method)) problems.push(`${client}.${method} is no SDK method any more: remove it`)
    }
    for (const client of [...Object.keys(sdkSurface), ...Object.keys(AGENTKIT_CLIENTS)])
      if (!enumerated.has(client)) problems.push(`sk.${client} is no SDK sub-client any more: remove it`)
    expect(problems).toEqual([])
  })

  it('every served method works with the real SDK; every other one answers UNIMPLEMENTED', async () => {
    const fixtures = new Fixtures(ctx.client, ctx.emulator.url)
    const problems: string[] = []
    let called = 0
    for (const [client, surface] of Object.entries(sdkSurface)) {
      // Indexed by name: the methods are whatever the table lists, so the call goes through an untyped view.
      const target = (client === SCALEKIT_CLIENT
        ? ctx.client
        : ctx.client[client as keyof ScalekitClient]) as unknown as Record<string, (...args: unknown[]) => unknown>
      for (const [method, support] of Object.entries(surface.methods)) {
        if (support.status === 'private') continue
        const key = `${client}.${method}`
        const call = sdkCalls[key]
        if (!call) {
          problems.push(`${key}: no arguments — add an entry to sdkCalls in sdk-surface-calls.ts`)
          continue
        }
        called += 1
        let result: unknown
        try {
          const args = await call.args(fixtures)
          result = await target[method]!.apply(target, args)
        } catch (error) {
          const unimplemented = (error as {grpcStatus?: number}).grpcStatus === 12
          if (support.status === 'served' || !unimplemented) problems.push(`${key}: ${describeError(error)}`)
          continue
        }
        if (support.status === 'not served') {
          problems.push(`${key} works now: mark it served in src/emulator/sdk-surface.ts and run npm run docs`)
          continue
        }
        const problem = call.check?.(result)
        if (problem) problems.push(`${key}: ${problem}`)
      }
    }
    for (const key of Object.keys(sdkCalls)) {
      const [client, method] = key.split('.') as [string, string]
      if (!sdkSurface[client]?.methods[method]) problems.push(`sdkCalls has ${key}, which sdkSurface does not list`)
    }
    expect(problems).toEqual([])
    expect(called).toBeGreaterThan(100)
  })
})
