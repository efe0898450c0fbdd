// clean: an event log that system services append to and a diagnostics application drains; exercises: status before buffers (an empty log answers ERROR_NO_MORE_ITEMS without touching lpOutBuf), __try/__except around output copies, access rights per open, both modes
//
// evlog.dll keeps the last LOG_DEPTH records of a field unit in the driver's own memory. IOCTL_EVLOG_APPEND (a
// writer's handle) adds one record; IOCTL_EVLOG_READ_NEXT (a reader's handle) takes the oldest one out;
// IOCTL_EVLOG_GET_STATS reports the fill level. As many CE drivers do, READ_NEXT answers "nothing to read" before it
// looks at the caller's buffer: a diagnostics tool polls it with whatever buffer it has. The output copy is guarded
// the way a CE6 driver wraps it in __try/__except: a fault leaves the record queued and fails the call.
import {
  AccessViolation,
  ERROR_ACCESS_DENIED,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  GENERIC_READ,
  GENERIC_WRITE,
  defineDriver,
  getLE,
  putLE,
  type DriverContext,
  type ParamPtr,
} from '@cedk/kernel'

/** winerror.h; not among the kernel's named errors. */
const ERROR_NO_MORE_ITEMS = 259

const FILE_DEVICE_EVLOG = 0x8100
const ctl = (fn: number): number => ((FILE_DEVICE_EVLOG << 16) | (fn << 2)) >>> 0
export const IOCTL_EVLOG_APPEND = ctl(0x801)
export const IOCTL_EVLOG_READ_NEXT = ctl(0x802)
export const IOCTL_EVLOG_GET_STATS = ctl(0x803)

/** EVLOG_ENTRY as an application fills it: severity, event code, 24 bytes of text (not NUL-terminated). */
export const ENTRY_SIZE = 32
/** EVLOG_RECORD as READ_NEXT returns it: the sequence number, then the entry. */
export const RECORD_SIZE = 4 + ENTRY_SIZE
/** EVLOG_STATS: records queued, records dropped because the log was full, the next sequence number. */
export const STATS_SIZE = 12
export const SEV_ERROR = 3
const LOG_DEPTH = 16

interface LogRecord {
  seq: number
  entry: Uint8Array
}

interface Reader {
  access: number
}

export default defineDriver('evlog.dll', (ctx: DriverContext) => {
  const log: LogRecord[] = []
  const opens = new Map<number, Reader>()
  let nextSeq = 1
  let dropped = 0
  let nextOpen = 1

  const fail = (code: number): false => {
    ctx.SetLastError(code)
    return false
  }

  function append(pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < ENTRY_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const entry = ctx.mem.read(pIn, ENTRY_SIZE)
    if (getLE(entry, 0, 4) > SEV_ERROR) return fail(ERROR_INVALID_PARAMETER)
    if (log.length === LOG_DEPTH) {
      log.shift()
      dropped++
    }
    log.push({ seq: nextSeq++, entry })
    return true
  }

  function readNext(pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut) return fail(ERROR_INVALID_PARAMETER)
    const oldest = log[0]
    if (!oldest) return fail(ERROR_NO_MORE_ITEMS)
    if (nOut < RECORD_SIZE) return fail(ERROR_INSUFFICIENT_BUFFER)
    const record = new Uint8Array(RECORD_SIZE)
    putLE(record, 0, 4, oldest.seq)
    record.set(oldest.entry, 4)
    ctx.mem.write(pOut, record) // may fault: the record stays queued
    if (pActual) ctx.mem.writeU32(pActual, RECORD_SIZE)
    log.shift()
    return true
  }

  function stats(pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < STATS_SIZE) return fail(ERROR_INSUFFICIENT_BUFFER)
    const s = new Uint8Array(STATS_SIZE)
    putLE(s, 0, 4, log.length)
    putLE(s, 4, 4, dropped)
    putLE(s, 8, 4, nextSeq)
    ctx.mem.write(pOut, s)
    if (pActual) ctx.mem.writeU32(pActual, STATS_SIZE)
    return true
  }

  function dispatch(reader: Reader, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    switch (code) {
      case IOCTL_EVLOG_APPEND:
        return reader.access & GENERIC_WRITE ? append(pIn, nIn) : fail(ERROR_ACCESS_DENIED)
      case IOCTL_EVLOG_READ_NEXT:
        return reader.access & GENERIC_READ ? readNext(pOut, nOut, pActual) : fail(ERROR_ACCESS_DENIED)
      case IOCTL_EVLOG_GET_STATS:
        return stats(pOut, nOut, pActual)
      default:
        return fail(ERROR_INVALID_PARAMETER)
    }
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open(_hDevice: number, access: number): number {
      const h = nextOpen++
      opens.set(h, { access })
      return h
    },
    Close(hOpen: number): boolean {
      return opens.delete(hOpen)
    },
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      const reader = opens.get(hOpen)
      if (!reader) return fail(ERROR_INVALID_HANDLE)
      try {
        return dispatch(reader, code, pIn, nIn, pOut, nOut, pActual)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
