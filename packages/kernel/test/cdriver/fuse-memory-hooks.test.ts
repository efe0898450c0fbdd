// The build's hook fusion (scripts/c-build/fuse-memory-hooks.ts) on hand-written modules: after instrument-memory
// and the fusion, each load calls load_ptr once and each store calls store_T once, with the operands and in the
// order the original module evaluated them — also for a store whose value expression itself stores.
import binaryen from 'binaryen'
import { describe, expect, test } from 'vitest'
import { fuseMemoryHooks } from '../../../../scripts/c-build/fuse-memory-hooks.js'

/** Instrument and fuse the module `wat`; its instance with hooks that log each call and stage `staged` bytes. */
function build(wat: string, staged: number[] = []) {
  const m = binaryen.parseText(wat)
  try {
    m.runPasses(['instrument-memory'])
    fuseMemoryHooks(m, 'test.dll')
    expect(m.validate()).toBeTruthy()
    const bytes = m.emitBinary()
    const log: unknown[][] = []
    const memory = new WebAssembly.Memory({ initial: 1 })
    const u8 = new Uint8Array(memory.buffer)
    const env = {
      memory,
      load_ptr: (_id: number, bytes: number, off: number, ptr: number) => {
        log.push(['load', bytes, off, ptr])
        u8.set(staged.slice(0, bytes), 256)
        return 256 - off
      },
      store_i32: (...a: unknown[]) => void log.push(['store_i32', ...a]),
      store_i64: (...a: unknown[]) => void log.push(['store_i64', ...a]),
      store_f32: (...a: unknown[]) => void log.push(['store_f32', ...a]),
      store_f64: (...a: unknown[]) => void log.push(['store_f64', ...a]),
      memory_grow_pre: (d: number) => d,
      memory_grow_post: (r: number) => r,
    }
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes)).map((i) => i.name)
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env })
    return { ex: instance.exports as Record<string, (...a: number[]) => number>, log, imports }
  } finally {
    m.dispose()
  }
}

const MODULE = `(module
  (import "env" "memory" (memory 1))
  (func $inner (param $p i32) (result i32)
    (i32.store16 offset=2 (local.get $p) (i32.const 0x1234))
    (i32.const 9))
  (func (export "copy") (param $src i32) (param $dst i32) (result i32)
    (i32.store8 offset=5 (local.get $dst) (i32.load8_s offset=1 (local.get $src)))
    (i64.store32 (local.get $dst) (i64.const -1))
    (f64.store offset=8 (local.get $dst) (f64.const 2.5))
    (i32.load16_u (local.get $src)))
  (func (export "nested") (param $p i32) (param $q i32)
    (i32.store (local.get $p) (call $inner (local.get $q))))
  (func (export "dead") (param $p i32)
    (i32.store (local.get $p) (unreachable))))`

describe('fuseMemoryHooks', () => {
  test('leaves one import per access kind: load_ptr and store_T, none of the two-call hooks', () => {
    const { imports } = build(MODULE)
    expect(imports.filter((n) => /^(load|store)_/.test(n)).sort()).toEqual(['load_ptr', 'store_f32', 'store_f64', 'store_i32', 'store_i64'])
  })

  test('each access is one call with its width, constant offset and pointer; loads keep wasm sign extension', () => {
    const { ex, log } = build(MODULE, [0x80, 0xff])
    expect(ex['copy']!(0x10000, 0x20000)).toBe(0xff80)
    expect(log).toEqual([
      ['load', 1, 1, 0x10000],
      ['store_i32', 1, 5, 0x20000, -128], // i32.load8_s of 0x80, stored by i32.store8
      ['store_i64', 4, 0, 0x20000, -1n],
      ['store_f64', 8, 8, 0x20000, 2.5],
      ['load', 2, 0, 0x10000],
    ])
  })

  test('a store whose value stores: the inner store happens first, each with its own address', () => {
    const { ex, log } = build(MODULE)
    ex['nested']!(0x30000, 0x40000)
    expect(log).toEqual([
      ['store_i32', 2, 2, 0x40000, 0x1234],
      ['store_i32', 4, 0, 0x30000, 9],
    ])
  })

  test('a store whose value never arrives traps without calling a hook', () => {
    const { ex, log } = build(MODULE)
    expect(() => ex['dead']!(0x30000)).toThrow(WebAssembly.RuntimeError)
    expect(log).toEqual([])
  })

  test('an expression kind C drivers do not contain is refused, naming the function', () => {
    const wat = `(module (memory 1) (func $fill (param i32) (memory.fill (local.get 0) (i32.const 0) (i32.const 4))))`
    const m = binaryen.parseText(wat)
    m.setFeatures(binaryen.Features.BulkMemory)
    m.runPasses(['instrument-memory'])
    expect(() => fuseMemoryHooks(m, 'test.dll')).toThrow(/^test\.dll: fill: fusing the memory hooks met an expression binaryen numbers \d+/)
    m.dispose()
  })
})
