// A process: its own user address space (none for nk.exe: kernel threads borrow whichever VM is loaded), handle
// table, threads, heap, and the DLLs loaded into it (a driver's `load` runs once per process, like DLL globals).
import type { CallerProcess } from '../caller/caller-process.js'
import type { AddressSpace } from '../memory/address-space.js'
import type { Heap } from '../memory/heap.js'
import { HandleTable, type KernelObject } from './handles.js'
import type { Thread, Waitable } from './thread.js'

export type ProcessKind = 'kernel' | 'user' | 'udevice'

export class Process implements Waitable, KernelObject {
  readonly kindName = 'process'
  readonly handles = new HandleTable()
  readonly threads = new Set<Thread>()
  waiters: Thread[] = []
  handleCount = 0
  /** exit() was called: no new calls; threads end as they leave the kernel. */
  exiting = false
  /** Fully gone: threads ended, handles closed, memory freed. */
  exited = false
  exitCode = 0
  /**
   * @internal The test-side wrapper (caller/caller-process.ts). Kept here, not in a module-level WeakMap: V8's
   * scavenger keeps the values of a WeakMap that lives in old space, so every machine a property run booted
   * survived its young-generation collections and was only freed by a full one (measured: most of the GC time).
   */
  caller: CallerProcess | null = null

  constructor(
    readonly id: number,
    readonly name: string,
    readonly kind: ProcessKind,
    /** The user address space; null for the kernel process. */
    readonly space: AddressSpace | null,
    /** The process heap (LocalAlloc). For nk.exe it lives in kernel memory. */
    readonly heap: Heap,
    /** Owner tag on this process's own pages (page-table.ts). */
    readonly ownerTag: number,
    /** Untrusted callers are refused privileged device-manager calls (fact sheet §9.7). */
    readonly trusted: boolean,
  ) {}

  isSignaled(): boolean {
    return this.exited
  }

  acquire(): void {}

  toString(): string {
    return `${this.name}(p${this.id})`
  }
}
