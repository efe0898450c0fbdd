// clean: a bounded log of sensor events read out in batches; exercises: embedded pointer out to an array of structs, count fields, both modes
// sensorlog.dll records events posted by applications (POST takes an EVENT_RECORD { dwTime, wSource, wCode, dwValue })
// and hands them out oldest first: READ takes { pRecords, cMax } and writes up to cMax records through the embedded
// array, opened with ARG_O_PTR for exactly the bytes it writes, and the number written into lpOutBuf.
import { AccessViolation, ARG_O_PTR, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type MarshalledPtr, type ParamPtr } from '@cedk/kernel'

export const IOCTL_LOG_POST = 0x0022e004
export const IOCTL_LOG_READ = 0x0022e008
export const RECORD_SIZE = 12
export const CAPACITY = 16
export const MAX_BATCH = 8

interface EventRecord {
  time: number
  source: number
  code: number
  value: number
}

export default defineDriver('sensorlog.dll', (ctx: DriverContext) => {
  const log: EventRecord[] = []
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function post(pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < RECORD_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const e = { time: ctx.mem.readU32(pIn), source: ctx.mem.readU16(offset(pIn, 4)), code: ctx.mem.readU16(offset(pIn, 6)), value: ctx.mem.readU32(offset(pIn, 8)) }
    if (log.length === CAPACITY) log.shift() // the oldest goes: a log keeps the latest events
    log.push(e)
    return true
  }

  function writeRecords(dst: MarshalledPtr, batch: readonly EventRecord[]): void {
    batch.forEach((e, i) => {
      const at = offset(dst, i * RECORD_SIZE)
      ctx.mem.writeU32(at, e.time)
      ctx.mem.writeU16(offset(at, 4), e.source)
      ctx.mem.writeU16(offset(at, 6), e.code)
      ctx.mem.writeU32(offset(at, 8), e.value)
    })
  }

  function read(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
    const pRecords = ctx.mem.readU32(pIn)
    const cMax = ctx.mem.readU32(offset(pIn, 4))
    if (cMax > MAX_BATCH) return fail(ERROR_INVALID_PARAMETER)
    const batch = log.slice(0, cMax)
    if (batch.length) {
      const cb = batch.length * RECORD_SIZE
      const dst = ctx.CeOpenCallerBuffer(pRecords, cb, ARG_O_PTR, false)
      if (dst.hr !== 0) return fail(ERROR_INVALID_PARAMETER)
      try {
        writeRecords(dst.ptr, batch)
      } finally {
        ctx.CeCloseCallerBuffer(dst.ptr, pRecords, cb, ARG_O_PTR)
      }
      log.splice(0, batch.length)
    }
    ctx.mem.writeU32(pOut, batch.length)
    if (pActual) ctx.mem.writeU32(pActual, 4)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => ((log.length = 0), true),
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      try {
        if (code === IOCTL_LOG_POST) return post(pIn, nIn)
        if (code === IOCTL_LOG_READ) return read(pIn, nIn, pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
