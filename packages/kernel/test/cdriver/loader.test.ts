// defineCDriver's checks at load: a module that imports what cedk does not provide is refused with the full list;
// one that was not instrumented, or is not wasm, is refused saying how to build it.
import { describe, expect, test } from 'vitest'
import { defineCDriver } from '../../src/index.js'

const str = (s: string) => [s.length, ...Buffer.from(s, 'latin1')]

/** A minimal wasm module that imports each [module, name] as a function of type () -> (). */
function moduleImporting(imports: [string, string][]): Uint8Array {
  const entries = imports.flatMap(([m, n]) => [...str(m), ...str(n), 0x00, 0x00])
  const body = [imports.length, ...entries]
  return new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x02, body.length, ...body])
}

describe('defineCDriver', () => {
  test('refuses a module that imports APIs cedk does not provide, naming every one', () => {
    const wasm = moduleImporting([
      ['env', 'load_ptr'],
      ['coredll', 'LocalAlloc'],
      ['coredll', 'CreateProcessW'],
      ['ceddk', 'HalTranslateBusAddress'],
    ])
    expect(() => defineCDriver('x.dll', wasm)).toThrow(/imports what cedk does not provide: coredll!CreateProcessW \(function\), ceddk!HalTranslateBusAddress \(function\)$/)
  })

  test('refuses a module whose memory accesses were not instrumented', () => {
    expect(() => defineCDriver('x.dll', moduleImporting([['coredll', 'LocalAlloc']]))).toThrow(/not instrumented \(build it with npm run build:c\)/)
  })

  test('refuses a module built before the hooks were fused, saying to rebuild it', () => {
    const old = moduleImporting([['env', 'load_ptr'], ['env', 'load_val_i32'], ['env', 'store_ptr'], ['env', 'store_val_i32']])
    expect(() => defineCDriver('x.dll', old)).toThrow(/instrument-memory's two-call hooks, which cedk no longer provides \(rebuild it with npm run build:c\)/)
  })

  test('provides the virtual-memory, LockPages and CE5 marshalling imports the headers declare', () => {
    const names = ['VirtualAlloc', 'VirtualFree', 'LockPages', 'MapCallerPtr', 'MapPtrToProcess', 'SetKMode', 'SetProcPermissions', 'GetCurrentPermissions']
    // One import per module (the helper's section sizes are one-byte); with load_ptr imported the loader gets past
    // the instrumentation check to the import list, which must not name the API.
    for (const n of names) {
      expect(() => defineCDriver('x.dll', moduleImporting([['env', 'load_ptr'], ['coredll', n]]))).not.toThrow(/does not provide/)
    }
  })

  test('refuses bytes that are not wasm, and names the driver', () => {
    expect(() => defineCDriver('x.dll', new Uint8Array([1, 2, 3]))).toThrow(/defineCDriver\("x.dll", 3 bytes\): not a valid wasm module/)
  })

  test('loads the committed probe driver from a path', () => {
    expect(defineCDriver('probe.dll', new URL('./probe/probe.wasm', import.meta.url))).toMatchObject({ kind: 'cedk.driver', dll: 'probe.dll' })
  })
})

test('a C driver\'s definition site is where defineCDriver was called, so reports tell two of one DLL name apart', () => {
  const a = defineCDriver('probe.dll', new URL('./probe/probe.wasm', import.meta.url))
  const b = defineCDriver('probe.dll', new URL('./probe/probe.wasm', import.meta.url))
  expect(a.source).toMatch(/loader\.test\.ts:\d+$/)
  expect(b.source).toMatch(/loader\.test\.ts:\d+$/)
  expect(a.source).not.toBe(b.source)
})
