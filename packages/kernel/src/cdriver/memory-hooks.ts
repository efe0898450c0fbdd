// The memory hooks a C driver's module calls on every load and store. The build runs binaryen's
// `instrument-memory` pass, then fuses its hooks (scripts/c-build/fuse-memory-hooks.ts): a load calls
// `load_ptr(id, bytes, offset, ptr)` and then loads from the address it returns; a store calls
// `store_T(bytes, offset, ptr, value)` and nothing else. Both perform the access on the simulated machine through
// the driver's `ctx.mem` (its process, its mode, the trace, provenance, faults). The module's linear memory is
// scratch only: a load finds the simulated bytes staged there by its pointer hook (so wasm's own sign/zero
// extension of 8- and 16-bit loads stays right); a store never touches it.
import type { Mem } from '../memory/mem.js'
import type { Ptr } from '../memory/pointers.js'
import { C_IMAGE_LO, type CImage } from './c-image.js'

/** Where staged bytes go when the access's constant offset is small; below wasm-ld's data (global base 1024). */
const SCRATCH = 256

/** The hooks the build leaves imported from "env", as imports() provides them. */
export const HOOK_IMPORTS = [
  'load_ptr',
  'store_i32',
  'store_i64',
  'store_f32',
  'store_f64',
  'memory_grow_pre',
  'memory_grow_post',
] as const

export class CMemoryHooks {
  private u8: Uint8Array
  private view: DataView
  private readonly tmp = new DataView(new ArrayBuffer(8))
  private readonly tmp8 = new Uint8Array(this.tmp.buffer)
  /** The image's end and base (CImage), copied here for the hot path; until attach() no address is relocated. */
  private imageEnd = 0
  private imageBase = 0
  /** The linear memory the hooks stage values in; above it (after growth) live the asyncify buffers (c-async.ts). */
  readonly scratchEnd: number

  constructor(
    readonly dll: string,
    private readonly mem: Mem,
    private readonly memory: WebAssembly.Memory,
  ) {
    this.u8 = new Uint8Array(memory.buffer)
    this.view = new DataView(memory.buffer)
    this.scratchEnd = memory.buffer.byteLength
  }

  /** The linear memory grew (its old buffer is detached): look at the new one. */
  refresh(): void {
    this.u8 = new Uint8Array(this.memory.buffer)
    this.view = new DataView(this.memory.buffer)
  }

  /** Relocate the module's globals and stack into `image` from now on. */
  attach(image: CImage): void {
    this.imageEnd = image.end
    this.imageBase = image.base
  }

  /**
   * The imports `instrument-memory` asks for, bound to this instance. The two every C driver calls most do their work
   * in the closure, not in a method it calls: V8 does not count a function's own code against its inlining budget, so
   * the budget stays for the checked access (Mem.readU8/writeU8 and what they call; docs/c-drivers.md, "Speed").
   */
  imports(): Record<(typeof HOOK_IMPORTS)[number], (...args: never[]) => unknown> {
    return {
      load_ptr: (_site: number, bytes: number, off: number, ptr: number): number => {
        const o = off >>> 0
        const a = this.target(o, ptr) as Ptr
        const sc = o <= SCRATCH ? SCRATCH : this.farScratch(o)
        if (bytes === 1) this.u8[sc] = this.mem.readU8(a)
        else this.loadWide(a, sc, bytes)
        return sc - o
      },
      store_i32: (bytes: number, off: number, ptr: number, v: number): void => {
        const a = this.target(off >>> 0, ptr) as Ptr
        if (bytes === 1) this.mem.writeU8(a, v & 0xff)
        else this.storeI32(a, bytes, v)
      },
      store_i64: (bytes: number, off: number, ptr: number, v: bigint) => this.storeI64(this.target(off >>> 0, ptr) as Ptr, bytes, v),
      store_f32: (_bytes: number, off: number, ptr: number, v: number) => this.storeF32(this.target(off >>> 0, ptr) as Ptr, v),
      store_f64: (_bytes: number, off: number, ptr: number, v: number) => this.storeF64(this.target(off >>> 0, ptr) as Ptr, v),
      // The module has no allocator in linear memory (LocalAlloc is the machine's), so growth is left as asked.
      memory_grow_pre: (delta: number) => delta,
      memory_grow_post: (result: number) => result,
    }
  }

  /** The machine address of a C address: the module's globals and stack are relocated into its image. */
  sim(p: number): number {
    const a = p >>> 0
    return a >= C_IMAGE_LO && a < this.imageEnd ? this.imageBase + a : a
  }

  private target(off: number, ptr: number): number {
    // CE addresses are 32-bit and wrap; wasm would trap on the carry instead.
    return this.sim((ptr >>> 0) + off)
  }

  /** The scratch address (8 bytes) for a load with constant offset `off`: the returned pointer plus `off` lands
   *  there. Past SCRATCH it is `off` itself, which must lie in the scratch memory (the asyncify buffers are above). */
  private farScratch(off: number): number {
    if (off + 8 > this.scratchEnd) throw new RangeError(`${this.dll}: an access with constant offset ${off} is beyond the module's scratch memory (${this.scratchEnd} bytes)`)
    return off
  }

  /** A 2-, 4- or 8-byte load at `a`, staged at scratch address `sc`. */
  private loadWide(a: Ptr, sc: number, bytes: number): void {
    const m = this.mem
    if (bytes === 4) this.view.setUint32(sc, m.readU32(a), true)
    else if (bytes === 2) this.view.setUint16(sc, m.readU16(a), true)
    else m.readInto(a, this.u8.subarray(sc, sc + bytes))
  }

  private storeI32(a: Ptr, bytes: number, v: number): void {
    if (bytes === 1) this.mem.writeU8(a, v & 0xff)
    else if (bytes === 2) this.mem.writeU16(a, v & 0xffff)
    else this.mem.writeU32(a, v >>> 0)
  }

  private storeI64(a: Ptr, bytes: number, v: bigint): void {
    if (bytes !== 8) return this.storeI32(a, bytes, Number(BigInt.asUintN(32, v)))
    this.tmp.setBigUint64(0, BigInt.asUintN(64, v), true)
    this.mem.write(a, this.tmp8)
  }

  private storeF32(a: Ptr, v: number): void {
    this.tmp.setFloat32(0, v, true)
    this.mem.writeU32(a, this.tmp.getUint32(0, true))
  }

  private storeF64(a: Ptr, v: number): void {
    this.tmp.setFloat64(0, v, true)
    this.mem.write(a, this.tmp8)
  }
}
