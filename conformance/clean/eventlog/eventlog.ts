// clean: a diagnostic event log that applications append text records to and read back; exercises: embedded in and out pointers, CeOpenCallerBuffer refusing kernel addresses, user mode by default, ERROR_INSUFFICIENT_BUFFER
//
// EVL1: keeps the last records applications logged (level + text) in a ring in the driver's own heap. Both IOCTLs
// take a request record whose buffer is an embedded pointer: APPEND reads the text through it (ARG_I_PTR), READ
// copies records into it (ARG_O_PTR). The key loads it in udevice (Flags 0x10), where CeOpenCallerBuffer always
// duplicates and refuses any pointer the application could not reach itself — a kernel address in the record comes
// back as E_ACCESSDENIED, and the driver answers ERROR_INVALID_PARAMETER (fact sheet §5.1, §10.2).
import { AccessViolation, ARG_I_PTR, ARG_O_PTR, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, FAILED, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'
import { IOCTL_EVLOG_APPEND, IOCTL_EVLOG_READ, MAX_TEXT, RING_SLOTS } from './eventlog-ioctls.js'

interface LogRecord {
  seq: number
  level: number
  text: Uint8Array
}

interface LogDevice {
  records: LogRecord[]
  nextSeq: number
}

/** The APPEND request as the driver reads it from lpInBuf: { LPCSTR pText; DWORD cbText; DWORD dwLevel }. */
interface AppendRequest {
  pText: number
  cbText: number
  level: number
}

/** The READ request: { DWORD dwFirstSeq; LPBYTE pBuffer; DWORD cbBuffer }. */
interface ReadRequest {
  firstSeq: number
  pBuffer: number
  cbBuffer: number
}

const MAX_LEVEL = 3
/** A record as READ lays it out: seq (4), level (1), length (1), then the text. */
const RECORD_HEADER = 6

function readAppend(ctx: DriverContext, pIn: ParamPtr): AppendRequest {
  return { pText: ctx.mem.readU32(pIn), cbText: ctx.mem.readU32(offset(pIn, 4)), level: ctx.mem.readU32(offset(pIn, 8)) }
}

function readRead(ctx: DriverContext, pIn: ParamPtr): ReadRequest {
  return { firstSeq: ctx.mem.readU32(pIn), pBuffer: ctx.mem.readU32(offset(pIn, 4)), cbBuffer: ctx.mem.readU32(offset(pIn, 8)) }
}

/** The records from `firstSeq` on that fit in `cb` bytes, serialised. */
function serialise(dev: LogDevice, firstSeq: number, cb: number): Uint8Array {
  const out: number[] = []
  for (const r of dev.records) {
    if (r.seq < firstSeq) continue
    if (out.length + RECORD_HEADER + r.text.length > cb) break
    out.push(r.seq & 0xff, (r.seq >>> 8) & 0xff, (r.seq >>> 16) & 0xff, r.seq >>> 24, r.level, r.text.length, ...r.text)
  }
  return Uint8Array.from(out)
}

export default defineDriver('eventlog.dll', (ctx) => {
  const devices = new Map<number, LogDevice>()
  let nextDevice = 1

  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function append(dev: LogDevice, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || nIn < 12 || !pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    const req = readAppend(ctx, pIn)
    if (req.cbText === 0 || req.cbText > MAX_TEXT || req.level > MAX_LEVEL) return fail(ERROR_INVALID_PARAMETER)
    const opened = ctx.CeOpenCallerBuffer(req.pText, req.cbText, ARG_I_PTR, false)
    if (FAILED(opened.hr)) return fail(ERROR_INVALID_PARAMETER)
    let text: Uint8Array
    try {
      text = ctx.mem.read(opened.ptr, req.cbText)
    } finally {
      ctx.CeCloseCallerBuffer(opened.ptr, req.pText, req.cbText, ARG_I_PTR)
    }
    // Answer first, log second: a call that fails on its output buffer must leave the log as it was.
    const record = { seq: dev.nextSeq, level: req.level, text }
    ctx.mem.writeU32(pOut, record.seq)
    dev.nextSeq++
    dev.records.push(record)
    if (dev.records.length > RING_SLOTS) dev.records.shift()
    return true
  }

  function read(dev: LogDevice, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || nIn < 12 || !pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    const req = readRead(ctx, pIn)
    if (req.cbBuffer === 0) return fail(ERROR_INVALID_PARAMETER)
    const data = serialise(dev, req.firstSeq, req.cbBuffer)
    if (data.length === 0) {
      // Nothing that fits: either the log has nothing new, or the first pending record is larger than the buffer.
      if (dev.records.some((r) => r.seq >= req.firstSeq)) return fail(ERROR_INSUFFICIENT_BUFFER)
      ctx.mem.writeU32(pOut, 0)
      return true
    }
    const opened = ctx.CeOpenCallerBuffer(req.pBuffer, req.cbBuffer, ARG_O_PTR, false)
    if (FAILED(opened.hr)) return fail(ERROR_INVALID_PARAMETER)
    try {
      ctx.mem.write(opened.ptr, data)
    } finally {
      ctx.CeCloseCallerBuffer(opened.ptr, req.pBuffer, req.cbBuffer, ARG_O_PTR)
    }
    ctx.mem.writeU32(pOut, data.length)
    return true
  }

  return {
    Init: () => {
      const id = nextDevice++
      devices.set(id, { records: [], nextSeq: 1 })
      return id
    },
    Deinit: (hDevice) => devices.delete(hDevice),
    Open: (hDevice) => hDevice,
    Close: () => true,
    IOControl(hOpen, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      const dev = devices.get(hOpen)
      if (!dev) return fail(ERROR_INVALID_PARAMETER)
      // __try/__except around everything that touches caller memory: the kernel checked only the ranges.
      try {
        if (code === IOCTL_EVLOG_APPEND) return append(dev, pIn, nIn, pOut, nOut)
        if (code === IOCTL_EVLOG_READ) return read(dev, pIn, nIn, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
      return fail(ERROR_INVALID_PARAMETER)
    },
  }
})
