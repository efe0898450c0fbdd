// Device file handles and the file APIs on them (devfile.c; fact sheet §9.7): CreateFile → Open, DeviceIoControl →
// IOControl, ReadFile → Read, WriteFile → Write, SetFilePointer → Seek, CloseHandle → PreClose/Close. Each runs on
// the calling thread after enterKernel; pointer parameters of user-mode callers are validated first (§4).
import {
  ERROR_ACCESS_DENIED,
  ERROR_DEV_NOT_EXIST,
  ERROR_DEVICE_REMOVED,
  ERROR_GEN_FAILURE,
  ERROR_INVALID_ACCESS,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_SUPPORTED,
  ERROR_OPEN_FAILED,
} from '../errors/win32.js'
import type { Machine } from '../machine.js'
import { IsValidUsrPtr } from '../memory/layout.js'
import type { KernelObject } from '../process/handles.js'
import type { Process } from '../process/process.js'
import { andThen, isThenable } from '../process/settle.js'
import { NO_PARAMS, type ExecFrame, type Thread } from '../process/thread.js'
import {
  SIG_READ_FILE,
  SIG_READ_FILE_CE6_SOURCE,
  SIG_SET_FILE_POINTER,
  SIG_WRITE_FILE,
  SIG_WRITE_FILE_CE6_SOURCE,
  firstInvalidArg,
  type ArgSignature,
} from './args.js'
import type { Device } from './device.js'
import type { EntryName } from './driver.js'
import { FAULT, callEntry, toDword } from './entry.js'
import { DEVACCESS_BUSNAMESPACE, DEVFLAGS_TRUSTEDCALLERONLY, GENERIC_READ, GENERIC_WRITE, INVALID_HANDLE_VALUE } from './flags.js'
import { IOCTL_PSL_NOTIFY } from './ioctl.js'
import { checkOpenContext, openTag } from './open-context.js'

export class DeviceFile implements KernelObject {
  readonly kindName = 'file'
  handleCount = 0
  /** Calls in progress on this handle. */
  inflight = 0
  /** PreClose was called; Close runs when the last call in progress returns. */
  closePending = false
  /** Close returned while a call was still in progress: the leak check waits for the last call to return. */
  leakCheckPending = false
  constructor(
    /** The open context's id: the tag of what the driver makes for it (devmgr/open-context.ts). */
    readonly id: number,
    readonly device: Device,
    readonly openContext: number,
    readonly access: number,
    readonly owner: Process,
  ) {}
}

/** The frame of whoever made the API call: the one below the kernel frame that enterKernel pushed. */
function callerOf(t: Thread): ExecFrame {
  return t.frame.prev ?? t.frame
}

function failWith<T>(t: Thread, code: number, value: T): T {
  t.lastError = code
  return value
}

/** [start, end) pairs of the non-NULL, non-empty pointer parameters: what the driver may touch directly. */
function paramRanges(...ptrLen: number[]): number[] {
  const r: number[] = []
  for (let i = 0; i < ptrLen.length; i += 2) {
    const p = ptrLen[i]! >>> 0
    const n = ptrLen[i + 1]! >>> 0
    if (p !== 0 && n !== 0) r.push(p, p + n)
  }
  return r
}

/** FNSIG8(DW, DW, I_PTR, DW, IO_PTR, DW, O_PDW, IO_PDW) for a user-mode caller (args.ts firstInvalidArg, unrolled). */
function validIoctlArgs(pIn: number, nIn: number, pOut: number, nOut: number, pRet: number, pOv: number): boolean {
  return (
    (pIn === 0 || IsValidUsrPtr(pIn >>> 0, nIn >>> 0, false)) &&
    (pOut === 0 || IsValidUsrPtr(pOut >>> 0, nOut >>> 0, true)) &&
    (pRet === 0 || IsValidUsrPtr(pRet >>> 0, 4, true)) &&
    (pOv === 0 || IsValidUsrPtr(pOv >>> 0, 4, true)) &&
    // MAX_TOTAL_ARG_SIZE: the 16-byte-aligned sizes of the pointer arguments must total less than 0x70000000.
    (pIn === 0 ? 0 : align16(nIn)) + (pOut === 0 ? 0 : align16(nOut)) + (pRet === 0 ? 0 : 16) + (pOv === 0 ? 0 : 16) < 0x70000000
  )
}

const align16 = (n: number): number => Math.ceil((n >>> 0) / 16) * 16

function ioctlRanges(pIn: number, nIn: number, pOut: number, nOut: number, pRet: number): number[] {
  const hasIn = pIn !== 0 && nIn !== 0
  const hasOut = pOut !== 0 && nOut !== 0
  // Sized up front: push() onto [] reserved room for 16 elements, about 200 bytes of garbage per IOCTL.
  const r = new Array<number>((hasIn ? 2 : 0) + (hasOut ? 2 : 0) + (pRet !== 0 ? 2 : 0))
  let i = 0
  if (hasIn) i = setRange(r, i, pIn, nIn)
  if (hasOut) i = setRange(r, i, pOut, nOut)
  if (pRet !== 0) setRange(r, i, pRet, 4)
  return r
}

function setRange(r: number[], i: number, p: number, n: number): number {
  r[i] = p >>> 0
  r[i + 1] = (p >>> 0) + (n >>> 0)
  return i + 2
}

function invalidArgs(t: Thread, sig: ArgSignature, args: readonly number[]): boolean {
  return !callerOf(t).kernelMode && firstInvalidArg(sig, args) >= 0
}

export function CreateFile(m: Machine, t: Thread, name: string, access: number, share: number): number | Promise<number> {
  const c = callerOf(t)
  const found = typeof name === 'string' ? m.devmgr.names.lookup(name) : undefined
  if (!found || !found.device.open || (found.bus && !found.device.busNamesEnabled)) return failWith(t, ERROR_DEV_NOT_EXIST, INVALID_HANDLE_VALUE)
  const dev = found.device
  if (dev.flags & DEVFLAGS_TRUSTEDCALLERONLY && !c.process.trusted) return failWith(t, ERROR_ACCESS_DENIED, INVALID_HANDLE_VALUE)
  if (!dev.entries.Open) return failWith(t, ERROR_NOT_SUPPORTED, INVALID_HANDLE_VALUE)
  const code = (access | (found.bus ? DEVACCESS_BUSNAMESPACE : 0)) >>> 0
  // A failed Open reports the driver's own last error, or ERROR_OPEN_FAILED if it set none: clear it to tell, and
  // put the caller's back on success.
  const before = t.lastError
  t.lastError = 0
  const id = m.devmgr.newOpenContext()
  const tag = openTag(dev, id)
  dev.openContexts++
  return andThen(callEntry(m, t, dev, 'Open', [dev.hDeviceContext, code, share >>> 0], NO_PARAMS, tag), (r) => {
    const ctx = r === FAULT ? 0 : toDword(r)
    if (ctx === 0) dev.openContexts--
    if (r === FAULT) return INVALID_HANDLE_VALUE
    if (ctx === 0) return failWith(t, t.lastError || ERROR_OPEN_FAILED, INVALID_HANDLE_VALUE)
    if (t.lastError === 0) t.lastError = before
    return c.process.handles.add(new DeviceFile(id, dev, ctx, access >>> 0, c.process), c.owner, c.label)
  })
}

/** The open device file behind a handle of the calling process, or the Win32 error. */
function fileFor(t: Thread, h: number): DeviceFile | number {
  const obj = callerOf(t).process.handles.get(h)
  if (!(obj instanceof DeviceFile)) return ERROR_INVALID_HANDLE
  if (!obj.device.open) return ERROR_DEVICE_REMOVED
  return obj
}

/** Run one I/O entry point on an open file, counting the call in flight (Close waits for it). */
function fileCall(m: Machine, t: Thread, file: DeviceFile, name: EntryName, args: readonly unknown[], params: readonly number[]): unknown {
  file.inflight++
  let r: unknown
  try {
    r = callEntry(m, t, file.device, name, args, params, file.id)
  } catch (e) {
    file.inflight-- // a hang or bugcheck passing through: the call is over all the same
    throw e
  }
  if (isThenable(r)) {
    return r.then(
      (v) => callDone(m, t, file, v),
      (e) => {
        file.inflight--
        throw e
      },
    )
  }
  return callDone(m, t, file, r)
}

function callDone(m: Machine, t: Thread, file: DeviceFile, r: unknown): unknown {
  if (--file.inflight === 0 && file.closePending) return andThen(finalClose(m, t, file), () => r)
  if (file.inflight === 0 && file.leakCheckPending) {
    file.leakCheckPending = false
    checkOpenContext(m, file)
  }
  return r
}

export function DeviceIoControl(
  m: Machine,
  t: Thread,
  h: number,
  code: number,
  pIn: number,
  nIn: number,
  pOut: number,
  nOut: number,
  pRet: number,
  pOverlapped = 0,
): boolean | Promise<boolean> {
  // SIG_DEVICE_IO_CONTROL checked without building an argument array: this is every IOCTL's path.
  if (!callerOf(t).kernelMode && !validIoctlArgs(pIn, nIn, pOut, nOut, pRet, pOverlapped)) return failWith(t, ERROR_INVALID_PARAMETER, false)
  const file = fileFor(t, h)
  if (typeof file === 'number') return failWith(t, file, false)
  const c = callerOf(t)
  if (code >>> 0 === IOCTL_PSL_NOTIFY && !c.process.trusted && file.owner !== c.process) return failWith(t, ERROR_ACCESS_DENIED, false)
  if (!file.device.entries.IOControl) return failWith(t, ERROR_NOT_SUPPORTED, false)
  // The device manager presets ERROR_GEN_FAILURE and restores the caller's last error if the driver succeeds
  // without setting one (behaviour 30).
  const before = t.lastError
  t.lastError = ERROR_GEN_FAILURE
  const args = [file.openContext, code >>> 0, pIn >>> 0, nIn >>> 0, pOut >>> 0, nOut >>> 0, pRet >>> 0]
  // A user-mode driver's reflector maps the buffers and lists their udevice ranges itself (param-map.ts).
  const params = file.device.reflector === null ? ioctlRanges(pIn, nIn, pOut, nOut, pRet) : NO_PARAMS
  const r = fileCall(m, t, file, 'IOControl', args, params)
  return isThenable(r) ? r.then((v) => ioctlDone(t, before, v)) : ioctlDone(t, before, r)
}

function ioctlDone(t: Thread, before: number, r: unknown): boolean {
  if (r === FAULT || !toDword(r)) return false
  if (t.lastError === ERROR_GEN_FAILURE) t.lastError = before
  return true
}

/** ReadFile/WriteFile: returns [ok, bytes]. */
function readWrite(
  m: Machine,
  t: Thread,
  write: boolean,
  h: number,
  buf: number,
  n: number,
  pDone: number,
  pOverlapped: number,
): [boolean, number] | Promise<[boolean, number]> {
  const ce6 = m.options.readWriteDescriptors === 'ce6-source'
  const sig = write ? (ce6 ? SIG_WRITE_FILE_CE6_SOURCE : SIG_WRITE_FILE) : ce6 ? SIG_READ_FILE_CE6_SOURCE : SIG_READ_FILE
  if (invalidArgs(t, sig, [h, buf, n, pDone, pOverlapped])) return failWith(t, ERROR_INVALID_PARAMETER, [false, 0])
  const file = fileFor(t, h)
  if (typeof file === 'number') return failWith(t, file, [false, 0])
  if (!(file.access & (write ? GENERIC_WRITE : GENERIC_READ))) return failWith(t, ERROR_INVALID_ACCESS, [false, 0])
  const entry = write ? 'Write' : 'Read'
  if (!file.device.entries[entry]) return failWith(t, ERROR_NOT_SUPPORTED, [false, 0])
  return andThen(fileCall(m, t, file, entry, [file.openContext, buf >>> 0, n >>> 0], paramRanges(buf, n)), (r): [boolean, number] => {
    const v = r === FAULT ? 0xffffffff : toDword(r)
    const ok = v !== 0xffffffff
    // The device manager writes the byte count itself: 0 when the driver returned -1 (fact sheet §9.7).
    if (pDone && !m.kernelPoke32(t, pDone, ok ? v : 0)) return failWith(t, ERROR_INVALID_PARAMETER, [false, 0])
    return [ok, ok ? v : 0]
  })
}

export function ReadFile(m: Machine, t: Thread, h: number, buf: number, n: number, pRead: number, pOverlapped = 0) {
  return readWrite(m, t, false, h, buf, n, pRead, pOverlapped)
}

export function WriteFile(m: Machine, t: Thread, h: number, buf: number, n: number, pWritten: number, pOverlapped = 0) {
  return readWrite(m, t, true, h, buf, n, pWritten, pOverlapped)
}

/** SetFilePointer → Seek(hOpenContext, Amount, Type). Returns the new position, or 0xFFFFFFFF on failure. */
export function SetFilePointer(m: Machine, t: Thread, h: number, distance: number, pDistanceHigh: number, method: number): number | Promise<number> {
  if (invalidArgs(t, SIG_SET_FILE_POINTER, [h, distance, pDistanceHigh, method])) return failWith(t, ERROR_INVALID_PARAMETER, 0xffffffff)
  const file = fileFor(t, h)
  if (typeof file === 'number') return failWith(t, file, 0xffffffff)
  if (!file.device.entries.Seek) return failWith(t, ERROR_NOT_SUPPORTED, 0xffffffff)
  return andThen(fileCall(m, t, file, 'Seek', [file.openContext, distance | 0, method >>> 0], NO_PARAMS), (r) => (r === FAULT ? 0xffffffff : toDword(r)))
}

/**
 * CloseHandle on a device file: PreClose if the driver has it (else Close) now; with PreClose, Close follows when the
 * last call in progress on the handle returns (behaviour 28). After the device was deactivated the driver is not
 * called any more: its Deinit has run (docs/decisions.md).
 */
export function closeFile(m: Machine, t: Thread, file: DeviceFile): unknown {
  const dev = file.device
  dev.openContexts--
  if (!dev.open) return undefined
  if (dev.entries.PreClose) {
    file.closePending = true
    return andThen(callEntry(m, t, dev, 'PreClose', [file.openContext], NO_PARAMS, file.id), () => (file.inflight === 0 ? finalClose(m, t, file) : undefined))
  }
  return dev.entries.Close ? callClose(m, t, file) : undefined
}

function finalClose(m: Machine, t: Thread, file: DeviceFile): unknown {
  file.closePending = false
  const dev = file.device
  if (!dev.open || !dev.entries.Close) return undefined
  return callClose(m, t, file)
}

/** Close, then the leak check of its open context (only when Close returned: an exception is its own violation). */
function callClose(m: Machine, t: Thread, file: DeviceFile): unknown {
  return andThen(callEntry(m, t, file.device, 'Close', [file.openContext], NO_PARAMS, file.id), (r) => {
    // Without PreClose, CE6 calls Close at once, even with a call still running on the handle (behaviour 28): what
    // that call holds is its own until it returns, so the leak check waits for it (docs/decisions.md).
    if (r !== FAULT && file.inflight > 0) file.leakCheckPending = true
    else if (r !== FAULT) checkOpenContext(m, file)
    return r
  })
}
