// A C driver's image in the process that loads it: the module's data segments (globals) and its stack, mapped
// into that process's memory (the top of nk.exe's kernel allocation range in kernel mode, of the udevice's user
// range in user mode), one
// copy per process as CE maps a DLL's globals. The C code keeps the addresses wasm-ld gave it (its globals from
// 1024 up, its stack below __heap_base, all under 64 KiB); `sim` relocates an address in that range into the
// mapping, and leaves every other address (caller memory, heap blocks, kernel addresses) as it is. Addresses
// under 64 KiB are never mapped in CE, so the relocation cannot hide a real pointer (docs/decisions.md).
import type { ModuleInstance } from '../devmgr/module.js'
import type { AddressSpace, Region } from '../memory/address-space.js'
import { ApiError } from '../errors/api-error.js'
import { PAGE_SIZE, VM_BLOCK_SIZE, hex } from '../memory/layout.js'
import { PageKind } from '../memory/page-table.js'
import { PAGE_READWRITE } from '../memory/protection.js'

/** wasm-ld's default global base: C addresses below it are not the image's (NULL and small offsets fault). */
export const C_IMAGE_LO = 1024
/** The image must stay below the first address CE ever maps. */
export const C_IMAGE_LIMIT = 0x10000
/** The C stack of a thread entering the driver while the linked stack is in use (another thread blocked in it). */
export const C_THREAD_STACK = 16 * 1024
/** Bytes after the image the loader uses to hand the driver strings (Init's registry path). */
const LOADER_AREA = PAGE_SIZE

export class CImage {
  private readonly region: Region
  private readonly space: AddressSpace
  /** Stacks made for threads (their regions' bases), released with the image. */
  private readonly stacks: number[] = []

  /** Map C addresses [C_IMAGE_LO, end) of `linear` into `mod`'s process. */
  constructor(
    private readonly mod: ModuleInstance,
    linear: Uint8Array,
    readonly end: number,
  ) {
    if (end > C_IMAGE_LIMIT || end > linear.length) {
      throw new RangeError(`${mod.dll}: the C image (globals and stack) ends at ${hex(end)}; cedk needs it under ${hex(C_IMAGE_LIMIT)} (link with a smaller -z stack-size)`)
    }
    this.space = mod.process.space ?? mod.m.memory.kernel
    const size = end + LOADER_AREA
    this.region = reserveTopDown(this.space, size, `${mod.dll} image`, mod.tag)
    this.space.commit(this.region.base, size, PAGE_READWRITE)
    this.poke(this.base + C_IMAGE_LO, linear.subarray(C_IMAGE_LO, end))
  }

  get dll(): string {
    return this.mod.dll
  }

  /** Where C address 0 would be; the image's bytes start at base + C_IMAGE_LO. */
  get base(): number {
    return this.region.base
  }

  /** The machine address of C address `a` (unsigned). */
  sim(a: number): number {
    return a >= C_IMAGE_LO && a < this.end ? this.region.base + a : a
  }

  /** The loader's area after the image (a string handed to an entry point), as a machine address. */
  get loaderArea(): number {
    return this.region.base + this.end
  }

  /** Write bytes into the image as the loader (untraced: it is not the driver's access). */
  poke(addr: number, bytes: Uint8Array): void {
    this.mod.m.memory.copy(addr, bytes, true, true, this.mod.process.space)
  }

  /**
   * A new C stack in the driver's process for another thread running in the driver, as CE gives each thread a stack
   * in its process; returns its top (the initial stack pointer). C sees it at its machine address.
   */
  newStack(): number {
    const r = reserveTopDown(this.space, C_THREAD_STACK, `${this.mod.dll} thread stack`, this.mod.tag)
    this.space.commit(r.base, C_THREAD_STACK, PAGE_READWRITE)
    this.stacks.push(r.base)
    return r.base + C_THREAD_STACK
  }

  /** The module is unloaded: the image and the threads' stacks go with it. */
  unmap(): void {
    this.space.release(this.region.base)
    for (const base of this.stacks) this.space.release(base)
  }
}

/**
 * Reserve the image from the top of the space's placement range down, as CE loads DLLs from the top of their
 * region: the low addresses, where a process's own allocations start, stay as they would be without the DLL (a
 * stale or raw pointer into them must fault in a udevice as it does for a TypeScript driver).
 */
function reserveTopDown(space: AddressSpace, size: number, site: string, owner: number): Region {
  const span = Math.ceil(size / VM_BLOCK_SIZE) * VM_BLOCK_SIZE
  for (let at = space.hi - span; at >= space.lo; at -= VM_BLOCK_SIZE) {
    try {
      return space.reserve(at, size, PageKind.Private, owner, site)
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
    }
  }
  throw new RangeError(`${site}: no room for ${size} bytes in ${space.name}`)
}
