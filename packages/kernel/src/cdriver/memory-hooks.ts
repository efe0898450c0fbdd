// The memory hooks a C driver's module calls on every load and store. The build runs binaryen's
// `instrument-memory` pass, which rewrites each access into `load_ptr(id, bytes, offset, ptr)` (or `store_ptr`)
// followed by `load_val_*`/`store_val_*`. The pointer hook performs the access on the simulated machine through the
// driver's `ctx.mem` (its process, its mode, the trace, provenance, faults) and hands back an address inside the
// module's linear memory, which is scratch only: a load finds the simulated bytes staged there (so wasm's own
// sign/zero extension of 8- and 16-bit loads stays right), a store's value is written to the machine by its value
// hook and lands harmlessly in scratch.
import type { Mem } from '../memory/mem.js'
import type { Ptr } from '../memory/pointers.js'
import { C_IMAGE_LO, type CImage } from './c-image.js'

/** Where staged bytes go when the access's constant offset is small; below wasm-ld's data (global base 1024). */
const SCRATCH = 256

/** The scratch address (8 bytes) for an access with constant offset `off`: the returned pointer plus `off` lands there. */
function scratchFor(off: number): number {
  return off <= SCRATCH ? SCRATCH : off
}

/** The imports instrument-memory adds (module "env"), as imports() provides them. */
export const HOOK_IMPORTS = [
  'load_ptr',
  'load_val_i32',
  'load_val_i64',
  'load_val_f32',
  'load_val_f64',
  'store_ptr',
  'store_val_i32',
  'store_val_i64',
  'store_val_f32',
  'store_val_f64',
  'memory_grow_pre',
  'memory_grow_post',
] as const

export class CMemoryHooks {
  private u8: Uint8Array
  private view: DataView
  /** Stores whose pointer hook ran and whose value hook has not: (address, width) pairs. A stack, because the
   *  value expression of a store may call code that stores (`*p = f()`), and the pairs nest. */
  private readonly pending: number[] = []
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

  /** Pending stores, so an entry wrapper can drop the ones an exception left behind. */
  get depth(): number {
    return this.pending.length
  }

  set depth(n: number) {
    this.pending.length = n
  }

  /** A blocked thread's pending stores (above `base`), taken off the stack until it resumes. */
  takePending(base: number): number[] {
    return this.pending.splice(base)
  }

  /** The resumed thread's pending stores, back on top. */
  restorePending(entries: readonly number[]): void {
    for (const e of entries) this.pending.push(e)
  }

  /** The imports `instrument-memory` asks for, bound to this instance. */
  imports(): Record<(typeof HOOK_IMPORTS)[number], (...args: never[]) => unknown> {
    const id = <T>(_site: number, v: T): T => v
    return {
      load_ptr: (_site: number, bytes: number, off: number, ptr: number) => this.load(bytes, off >>> 0, ptr),
      load_val_i32: id,
      load_val_i64: id,
      load_val_f32: id,
      load_val_f64: id,
      store_ptr: (_site: number, bytes: number, off: number, ptr: number) => this.storePtr(bytes, off >>> 0, ptr),
      store_val_i32: (_site: number, v: number) => this.storeI32(v),
      store_val_i64: (_site: number, v: bigint) => this.storeI64(v),
      store_val_f32: (_site: number, v: number) => this.storeF32(v),
      store_val_f64: (_site: number, v: number) => this.storeF64(v),
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

  private stage(off: number): number {
    const sc = scratchFor(off)
    if (sc + 8 > this.scratchEnd) throw new RangeError(`${this.dll}: an access with constant offset ${off} is beyond the module's scratch memory (${this.scratchEnd} bytes)`)
    return sc
  }

  private load(bytes: number, off: number, ptr: number): number {
    const a = this.target(off, ptr) as Ptr
    const sc = this.stage(off)
    const m = this.mem
    switch (bytes) {
      case 1:
        this.u8[sc] = m.readU8(a)
        break
      case 2:
        this.view.setUint16(sc, m.readU16(a), true)
        break
      case 4:
        this.view.setUint32(sc, m.readU32(a), true)
        break
      default:
        m.readInto(a, this.u8.subarray(sc, sc + bytes))
    }
    return sc - off
  }

  private storePtr(bytes: number, off: number, ptr: number): number {
    this.pending.push(this.target(off, ptr), bytes)
    return this.stage(off) - off
  }

  private storeI32(v: number): number {
    const bytes = this.pending.pop()!
    const a = this.pending.pop()! as Ptr
    if (bytes === 1) this.mem.writeU8(a, v & 0xff)
    else if (bytes === 2) this.mem.writeU16(a, v & 0xffff)
    else this.mem.writeU32(a, v >>> 0)
    return v
  }

  private storeI64(v: bigint): bigint {
    if (this.pending[this.pending.length - 1] !== 8) {
      this.storeI32(Number(BigInt.asUintN(32, v)))
      return v
    }
    this.tmp.setBigUint64(0, BigInt.asUintN(64, v), true)
    this.storeBytes(8)
    return v
  }

  private storeF32(v: number): number {
    this.tmp.setFloat32(0, v, true)
    this.storeBytes(4)
    return v
  }

  private storeF64(v: number): number {
    this.tmp.setFloat64(0, v, true)
    this.storeBytes(8)
    return v
  }

  /** Write the first `n` bytes of `tmp` as the pending store (whose width is `n`). */
  private storeBytes(n: number): void {
    this.pending.pop()
    const a = this.pending.pop()! as Ptr
    if (n === 4) this.mem.writeU32(a, this.tmp.getUint32(0, true))
    else this.mem.write(a, this.tmp8) // n is 8 here: f64 or i64
  }
}
