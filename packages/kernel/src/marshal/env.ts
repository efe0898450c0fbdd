// What every marshalling helper needs: the machine, the module whose ctx was called, the running thread, the mode,
// and the module's ledger; plus the bookkeeping they share (new ledger entries, heap copies, the trace).
import type { ModuleInstance } from '../devmgr/module.js'
import { ApiError } from '../errors/api-error.js'
import { E_OUTOFMEMORY } from '../errors/win32.js'
import type { Machine } from '../machine.js'
import { VM_SHARED_HEAP_BASE } from '../memory/layout.js'
import type { Process } from '../process/process.js'
import type { Thread } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import { hrFail } from './descriptors.js'
import { marshalLedger, type MarshalBuffer, type MarshalLedger } from './ledger.js'
import { writeOwn } from './source-io.js'

export interface MarshalEnv {
  readonly m: Machine
  readonly mod: ModuleInstance
  /** Set on each call: the API layer keeps one env per module (helpers are synchronous and never nest). */
  t: Thread
  /** The module runs in a udevice: no VirtualCopy, every copy through Read/WriteProcessMemory. */
  readonly userMode: boolean
  readonly ledger: MarshalLedger
  /** The last Ev.Marshal details made for buffers, reused when equal (see traceMarshalBuffer). */
  readonly details: (MarshalDetail | null)[]
  nextDetail: number
}

export function marshalEnv(m: Machine, mod: ModuleInstance, t: Thread): MarshalEnv {
  return { m, mod, t, userMode: mod.process.kind !== 'kernel', ledger: marshalLedger(mod), details: [null, null], nextDetail: 0 }
}

/** The process whose user VM the thread sees (GetCallerVMProcessId); the kernel when none is loaded. */
export function loadedVm(env: MarshalEnv): Process {
  return env.t.frame.vm ?? env.m.sched.vm ?? env.m.kernel
}

/** GetDirectCallerProcessId: the process that made the call being served (the kernel on a driver's own thread). */
export function directCaller(env: MarshalEnv): Process {
  return env.t.frame.caller ?? env.m.kernel
}

/** The process whose address space `addr` is in, for code whose VM is `vm` (kernel and shared heap: nk.exe). */
export function pidAt(env: MarshalEnv, addr: number, vm: Process): number {
  return addr >>> 0 >= VM_SHARED_HEAP_BASE ? env.m.kernel.id : vm.id
}

type NewBuffer = Omit<MarshalBuffer, 'id' | 'tid' | 'site' | 'openContext' | 'state' | 'flushes'>

export function openBuffer(env: MarshalEnv, b: NewBuffer): MarshalBuffer {
  // Spelled out rather than spread: this runs on every CeOpenCallerBuffer.
  const buf: MarshalBuffer = {
    id: env.ledger.nextId(),
    api: b.api,
    kind: b.kind,
    src: b.src,
    dest: b.dest,
    size: b.size,
    desc: b.desc,
    source: b.source,
    destPid: b.destPid,
    tid: env.t.id,
    site: env.t.frame.label,
    openContext: env.t.openContext(),
    parent: b.parent,
    state: 'open',
    flushes: 0,
    block: b.block,
  }
  env.ledger.add(buf)
  return buf
}

/** A heap block of the module (LocalAlloc, as the CE helpers use) holding `data`; E_OUTOFMEMORY if none. */
export function heapCopy(env: MarshalEnv, data: Uint8Array, api: string): number {
  let p: number
  try {
    p = env.mod.heap.alloc(data.length, `${env.t.frame.label} (${api})`)
  } catch (e) {
    if (e instanceof ApiError) hrFail(E_OUTOFMEMORY, `${api}: ${e.message}`)
    throw e
  }
  writeOwn(env.mod, p, data)
  return p
}

export function freeBlock(env: MarshalEnv, b: MarshalBuffer): void {
  if (b.block !== 0) env.mod.heap.freeBlock(b.block)
}

export interface MarshalTrace {
  op: string
  hr: number
  id?: number
  addr: number
  size: number
  desc: number
  kind?: string
  src?: number
  pid?: number
  why?: string
}

/** Ev.Marshal: a = buffer id (0 when none), b = address, c = size, d = descriptor; detail names the rest. */
export function traceMarshal(env: MarshalEnv, e: MarshalTrace): void {
  const tr = env.m.trace
  if (!tr.enabled) return
  const detail = { op: e.op, hr: e.hr >>> 0, kind: e.kind, src: e.src, pid: e.pid, why: e.why, driver: env.mod.dll, at: env.t.frame.label }
  tr.emit(Ev.Marshal, e.id ?? 0, e.addr >>> 0, e.size >>> 0, e.desc >>> 0, detail)
}

/** The detail of an Ev.Marshal event (read-only: equal details may be one shared object). */
export interface MarshalDetail {
  readonly op: string
  readonly hr: number
  readonly kind: string | undefined
  readonly src: number | undefined
  readonly pid: number | undefined
  readonly why: string | undefined
  readonly driver: string
  readonly at: string
}

/** traceMarshal of a successful operation on buffer `b` (every open and close). */
export function traceMarshalBuffer(env: MarshalEnv, op: string, hr: number, b: MarshalBuffer): void {
  const tr = env.m.trace
  if (!tr.enabled) return
  tr.emit(Ev.Marshal, b.id, b.dest >>> 0, b.size >>> 0, b.desc >>> 0, bufferDetail(env, op, hr >>> 0, b.kind, b.src, b.source.id))
}

/**
 * The trace keeps an event's detail as long as the event, so a driver opening and closing the same buffer on every
 * call filled the ring with equal objects, each surviving into the old generation (about a tenth of the
 * marshal-embedded benchmark was that GC). The last two details are reused when equal; they are frozen.
 */
function bufferDetail(env: MarshalEnv, op: string, hr: number, kind: string, src: number, pid: number): MarshalDetail {
  const driver = env.mod.dll
  const at = env.t.frame.label
  const cache = env.details
  for (let i = 0; i < cache.length; i++) {
    const d = cache[i]
    if (d && d.op === op && d.hr === hr && d.kind === kind && d.src === src && d.pid === pid && d.at === at && d.driver === driver) return d
  }
  const d: MarshalDetail = Object.freeze({ op, hr, kind, src, pid, why: undefined, driver, at })
  cache[env.nextDetail] = d
  env.nextDetail = (env.nextDetail + 1) % cache.length
  return d
}
