// The reflector's handling of an entry point's buffer parameters (fact sheet §10.2, behaviours 6 and 33): when the
// caller is another process, each non-NULL, non-empty buffer is aliased into the udevice (the same physical pages,
// not a copy) for the duration of the call and released when it returns, so a pointer a user-mode driver keeps
// faults afterwards. Input buffers are read-only to the driver (CE 6.0 R2; a machine option gives the earlier
// read/write mapping). lpBytesReturned travels by value in the request (FNIOCTL_PARAM.BytesReturned): copied in,
// and copied back after the call. Embedded pointers are not touched.
import { ApiError } from '../errors/api-error.js'
import { AccessViolation } from '../errors/exceptions.js'
import type { Machine } from '../machine.js'
import type { AddressSpace } from '../memory/address-space.js'
import { aliasUserRange, frameRun, releaseAlias } from '../memory/alias.js'
import { IsValidUsrPtr, PAGE_MASK } from '../memory/layout.js'
import { PAGE_READONLY, PAGE_READWRITE } from '../memory/protection.js'
import type { ExecFrame, Thread } from '../process/thread.js'
import { NO_PARAMS } from '../process/thread.js'
import { Ev } from '../trace/events.js'
import type { EntryName } from '../devmgr/driver.js'
import type { UdeviceHost } from './udevice.js'
import type { ParamWindow } from './param-window.js'
import type { Frame } from '../memory/physical.js'

/** A buffer parameter: the index of the pointer argument, of its length, and whether the driver writes it. */
interface BufferArg {
  ptr: number
  len: number
  out: boolean
}

const BUFFERS: Partial<Record<EntryName, readonly BufferArg[]>> = {
  IOControl: [
    { ptr: 2, len: 3, out: false },
    { ptr: 4, len: 5, out: true },
  ],
  Read: [{ ptr: 1, len: 2, out: true }],
  Write: [{ ptr: 1, len: 2, out: false }],
}

/** IOControl's pdwActualOut. */
const BYTES_RETURNED_ARG = 6

/** The arguments as the udevice sees them, and how to undo the mapping after the call. */
export interface MappedCall {
  args: unknown[]
  /** [start, end) pairs of the buffers in the udevice: the driver's direct parameters. */
  params: readonly number[]
  /** Buffers that did not fit the window: reservations of their own (null until there is one: the usual case). */
  aliases: number[] | null
  /** The thread's parameter window in the host and its top when the call began. */
  window: ParamWindow | null
  mark: number
  /** Buffers mapped (for the release event). */
  mapped: number
  /** Caller's lpBytesReturned and the udevice slot carrying it (0 when none). */
  pRet: number
  slot: number
  src: AddressSpace | null
  srcKernel: boolean
}

/**
 * Map the buffers of a call made from frame `callerFrame` into `host`. Returns the mapped call, or null when a
 * buffer cannot be mapped (the reflector fails the call with ERROR_INVALID_PARAMETER, the driver is not called).
 */
export function mapParams(m: Machine, t: Thread, host: UdeviceHost, name: EntryName, args: readonly unknown[], callerFrame: ExecFrame): MappedCall | null {
  const bufs = BUFFERS[name]
  const wantsRet = name === 'IOControl' && (args[BYTES_RETURNED_ARG] as number) !== 0
  const call: MappedCall = {
    args: args as unknown[],
    params: NO_PARAMS,
    aliases: null,
    window: null,
    mark: 0,
    mapped: 0,
    pRet: 0,
    slot: 0,
    src: callerFrame.vm?.space ?? m.sched.vm?.space ?? null,
    srcKernel: callerFrame.kernelMode,
  }
  if (!bufs && !wantsRet) return call
  call.args = args.slice()
  const sameProcess = callerFrame.process === host.process
  if (!sameProcess) {
    call.window = host.windowFor(t)
    call.mark = call.window.top
  }
  const ranges: number[] = []
  try {
    for (let i = 0; bufs !== undefined && i < bufs.length; i++) {
      const b = bufs[i]!
      const p = (args[b.ptr] as number) >>> 0
      const n = (args[b.len] as number) >>> 0
      if (p === 0 || n === 0) {
        call.args[b.ptr] = 0 // a zero-sized buffer travels as NULL (SetupUmodeArgs)
        continue
      }
      const q = sameProcess ? passThrough(p, n, b.out) : mapOne(m, host, call, p, n, b.out)
      if (q === 0) return undo(m, host, call)
      call.args[b.ptr] = q
      ranges.push(q, q + n)
    }
    if (wantsRet && !mapBytesReturned(m, t, host, call, args[BYTES_RETURNED_ARG] as number, ranges)) return undo(m, host, call)
  } catch (e) {
    if (e instanceof ApiError || e instanceof AccessViolation) return undo(m, host, call)
    throw e
  }
  call.params = ranges
  return call
}

/** After the call (returned, threw or faulted): copy lpBytesReturned back and release the aliases. */
export function unmapParams(m: Machine, host: UdeviceHost, call: MappedCall): void {
  if (call.slot !== 0 && host.alive) {
    try {
      const v = m.memory.readU32(call.slot, false, host.process.space)
      m.memory.writeU32(call.pRet, v, call.srcKernel, call.src)
    } catch (e) {
      if (!(e instanceof AccessViolation)) throw e
    }
  }
  release(m, host, call)
}

function undo(m: Machine, host: UdeviceHost, call: MappedCall): null {
  release(m, host, call)
  return null
}

function release(m: Machine, host: UdeviceHost, call: MappedCall): void {
  const space = host.process.space
  if (space && host.alive) {
    call.window?.unmapTo(call.mark)
    if (call.aliases !== null) for (const a of call.aliases) releaseAlias(space, a)
  }
  if (call.mapped) m.trace.emit(Ev.Mapping, host.process.id, call.mapped, 0, 2)
  call.aliases = null
  call.mapped = 0
}

/** A caller in the same udevice: its pointers are already valid there (IsBufferShouldMapped). */
function passThrough(p: number, n: number, out: boolean): number {
  return IsValidUsrPtr(p, n, out) ? p : 0
}

/** Scratch for the frames of the buffer being mapped: window.map copies them into the page table at once. */
const FRAMES: Frame[] = []

function mapOne(m: Machine, host: UdeviceHost, call: MappedCall, p: number, n: number, out: boolean): number {
  const rw = out || m.options.udeviceInputBuffers === 'read-write'
  let prot = rw ? PAGE_READWRITE : PAGE_READONLY
  let frames = frameRun(m.memory, call.src, p, n, prot, call.srcKernel, FRAMES)
  if (frames === null && rw && !out) {
    // Pre-R2: an input buffer the caller cannot write is mapped read-only instead (AllocCopyBuffer's retry).
    prot = PAGE_READONLY
    frames = frameRun(m.memory, call.src, p, n, prot, call.srcKernel, FRAMES)
  }
  if (frames === null) return 0 // the reflector fails the call (mapParams undoes what was mapped)
  let page = call.window!.map(frames, prot)
  if (page === 0) {
    page = aliasUserRange(m.memory, call.src, p, n, host.process.space!, prot, 0, 'reflector', call.srcKernel) & ~PAGE_MASK
    host.process.space!.regionAt(page)!.guard = "a reflector alias of a caller's buffer"
    if (call.aliases === null) call.aliases = []
    call.aliases.push(page)
  }
  const q = (page + (p & PAGE_MASK)) >>> 0
  call.mapped++
  m.trace.emit(Ev.Mapping, p, n, q, out ? 1 : 0)
  return q
}

function mapBytesReturned(m: Machine, t: Thread, host: UdeviceHost, call: MappedCall, pRet: number, ranges: number[]): boolean {
  const p = pRet >>> 0
  let slot = host.bytesReturnedSlots.get(t)
  if (slot === undefined) {
    // `| 0` (a udevice user address, below 0x40000000: unchanged) keeps it a small integer: the heap returns it as a
    // heap number, and storing that into the SMI-only argument array converted the array on every call (~100 ns).
    slot = host.process.heap.alloc(4, 'udevice.exe!FNIOCTL_PARAM') | 0
    host.bytesReturnedSlots.set(t, slot)
  }
  // User-mode server arguments are copied in even when they are out-only (behaviour 6).
  m.memory.writeU32(slot, m.memory.readU32(p, call.srcKernel, call.src), false, host.process.space)
  call.pRet = p
  call.slot = slot
  call.args[BYTES_RETURNED_ARG] = slot
  ranges.push(slot, slot + 4)
  return true
}
