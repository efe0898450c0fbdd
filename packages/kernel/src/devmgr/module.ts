// A driver DLL loaded in one process (the kernel, or a udevice): its exports, its own heap, the threads and
// handles it created. `load` runs once per process, so its locals are the DLL's globals there. When the last
// device using the module goes, the module is unloaded and whatever it still holds is reported as a leak and freed.
import { DriverContext } from '../api/context.js'
import type { Machine } from '../machine.js'
import type { AddressSpace, Region } from '../memory/address-space.js'
import { Heap } from '../memory/heap.js'
import { hex } from '../memory/layout.js'
import { PageKind } from '../memory/page-table.js'
import { marshalLeaks } from '../marshal/leaks.js'
import type { MarshalLedger } from '../marshal/ledger.js'
import type { Process } from '../process/process.js'
import { NO_PARAMS, type Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import type { DriverExports, DriverModule, EntryName } from './driver.js'
import type { EntryFn } from './device.js'

export type LeakKind = 'heap' | 'virtual-memory' | 'handle' | 'thread' | 'interrupt' | 'device' | 'caller-buffer' | 'async-buffer' | 'duplicate-buffer'

export interface Leak {
  driver: string
  kind: LeakKind
  /** Human-readable, e.g. "64 bytes at 0xD0010020" or "event handle 0x0000000C". */
  detail: string
  /** Where it was allocated, e.g. "serial.dll!COM_Open". */
  site: string
  /** Already reported when the open context it was made for closed (devmgr/open-context.ts). */
  atClose?: true
  /** A marshalled buffer's ledger id (its Ev.Marshal `a`): the verifier knows what became of it. */
  buffer?: number
}

export class ModuleInstance {
  readonly tag: number
  readonly heap: Heap
  readonly ctx: DriverContext
  exports: DriverExports = {}
  /** Devices using this module. */
  devices = 0
  /** Threads this module created that may still run. */
  readonly threads = new Set<Thread>()
  /** @internal Its marshal ledger (marshal/ledger.ts), made on first use. */
  marshalLedger: MarshalLedger | null = null
  /** Records (heap blocks, handle entries, regions, marshalled buffers) the leak check at Close reported. */
  readonly reportedAtClose = new WeakSet<object>()
  /** @internal Run first when the module unloads (the C-driver loader unmaps its image: cdriver/c-image.ts). */
  readonly atUnload: (() => void)[] = []

  constructor(
    readonly m: Machine,
    readonly def: DriverModule,
    readonly process: Process,
  ) {
    this.tag = m.newTag()
    const space = process.space ?? m.memory.kernel
    this.heap = new Heap(space, PageKind.Private, this.tag)
    this.ctx = new DriverContext(m, this)
  }

  get dll(): string {
    return this.def.dll
  }

  /** Run the driver's `load` (its DllMain) on thread `t`. Throws what `load` throws. */
  load(t: Thread): void {
    const prev = t.frame
    t.frame = {
      prev,
      label: `${this.dll}!DllMain`,
      process: this.process,
      // A udevice runs DllMain in its own VM; the kernel keeps whatever is loaded.
      vm: this.process.kind === 'kernel' ? prev.vm : this.process,
      kernelMode: this.process.kind === 'kernel',
      caller: prev.caller,
      owner: this.tag,
      driver: this.dll,
      entry: 'DllMain',
      params: NO_PARAMS,
      openContext: 0,
    }
    this.m.sched.frameChanged(t)
    try {
      const exp = this.def.load(this.ctx)
      if (typeof exp !== 'object' || exp === null) throw new TypeError(`${this.dll}: load() must return an object of entry points, got ${String(exp)}`)
      this.exports = exp
    } finally {
      t.frame = prev
      this.m.sched.frameChanged(t)
    }
  }

  /**
   * The export for a stream entry: `<Prefix>_<Name>` unless the flags say naked entries or there is no prefix,
   * then the bare name (docs/decisions.md: a bare-named TypeScript export is accepted for a prefixed driver too).
   */
  lookup(name: EntryName, prefix: string, naked: boolean): EntryFn | undefined {
    const exp = this.exports as Record<string, unknown>
    if (prefix && !naked) {
      const decorated = exp[`${prefix}_${name}`]
      if (typeof decorated === 'function') return decorated.bind(exp) as EntryFn
    }
    const bare = exp[name]
    return typeof bare === 'function' ? (bare.bind(exp) as EntryFn) : undefined
  }

  /** Reservations the module made outside its heap (VirtualAlloc, mappings), in its process's space and the shared heap. */
  ownRegions(): [AddressSpace, Region][] {
    const out: [AddressSpace, Region][] = []
    for (const space of [this.process.space ?? this.m.memory.kernel, this.m.memory.shared]) {
      for (const r of space.allRegions()) if (r.owner === this.tag && !this.heap.regions.has(r.base)) out.push([space, r])
    }
    return out
  }

  /** The module is unloaded: report and free everything it still holds. */
  unload(): Leak[] {
    for (const f of this.atUnload) f()
    // Marshalled buffers first: releasing them frees the heap blocks and aliases counted below.
    const leaks: Leak[] = marshalLeaks(this).map(({ driver, kind, detail, site, atClose, id }) => ({ driver, kind, detail, site, ...(atClose ? { atClose } : {}), buffer: id }))
    const add = (kind: LeakKind, detail: string, site: string, rec: object | null): void => {
      leaks.push({ driver: this.dll, kind, detail, site, ...(rec !== null && this.reportedAtClose.has(rec) ? { atClose: true as const } : {}) })
    }
    for (const b of this.heap.live.values()) add('heap', `${b.size} bytes at ${hex(b.addr)}`, b.site, b)
    for (const [space, r] of this.ownRegions()) {
      add('virtual-memory', regionText(r), r.site, r)
      space.release(r.base)
    }
    for (const [h, e] of this.process.handles.entries()) {
      if (e.owner !== this.tag) continue
      add('handle', `${e.obj.kindName} handle ${hex(h)}`, e.site, e)
      this.m.closeKernelHandle(this.process, h)
    }
    for (const t of this.threads) {
      if (!t.alive) continue
      add('thread', `thread ${t.id} (${t.name}) still running`, t.base.label, null)
      this.m.waits.detach(t)
      this.m.sched.kill(t)
    }
    for (const sysIntr of this.m.interrupts.ownedBy(this.tag)) {
      add('interrupt', `SYSINTR ${sysIntr} still initialized`, this.dll, null)
      this.m.interrupts.release(sysIntr)
    }
    this.heap.destroy()
    for (const l of leaks) this.m.trace.emit(Ev.Note, 0, 0, 0, 0, { leak: l })
    return leaks
  }
}

/** How a leaked region reads in a report: a reservation, or a device mapping (MmMapIoSpace) not unmapped. */
export function regionText(r: Region): string {
  return r.kind === PageKind.Physical ? `MmMapIoSpace mapping of ${r.size} bytes at ${hex(r.base)} not unmapped` : `${r.size} bytes reserved at ${hex(r.base)}`
}
