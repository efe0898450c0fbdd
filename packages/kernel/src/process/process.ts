// A process: its own user address space (none for nk.exe: kernel threads borrow whichever VM is loaded), handle
// table, threads, heap, and the DLLs loaded into it (a driver's `load` runs once per process, like DLL globals).
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
