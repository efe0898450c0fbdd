// clean: a key/value store of small settings blobs; exercises: embedded pointers in, embedded pointers out, ForceDuplicate, both modes
// keystore.dll keeps named byte values for applications (think of a per-device settings cache). PUT takes a request
// { pKey, cbKey, pValue, cbValue } whose two pointers the driver opens with CeOpenCallerBuffer and ForceDuplicate
// (so a caller thread cannot change the key between the lookup and the copy); GET takes { pKey, cbKey, pValue,
// cbValue } and writes the value through the opened out pointer, the length through lpOutBuf.
import {
  AccessViolation,
  ARG_I_PTR,
  ARG_O_PTR,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_FOUND,
  defineDriver,
  offset,
  type DriverContext,
  type ParamPtr,
} from '@cedk/kernel'

export const IOCTL_KS_PUT = 0x00228004
export const IOCTL_KS_GET = 0x00228008
export const MAX_KEY = 32
export const MAX_VALUE = 128

/** { DWORD pKey; DWORD cbKey; DWORD pValue; DWORD cbValue } */
const REQUEST_SIZE = 16

interface Request {
  pKey: number
  cbKey: number
  pValue: number
  cbValue: number
}

export default defineDriver('keystore.dll', (ctx: DriverContext) => {
  const values = new Map<string, Uint8Array>()
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function readRequest(pIn: ParamPtr, nIn: number): Request | null {
    if (!pIn || nIn < REQUEST_SIZE) return null
    const r = { pKey: ctx.mem.readU32(pIn), cbKey: ctx.mem.readU32(offset(pIn, 4)), pValue: ctx.mem.readU32(offset(pIn, 8)), cbValue: ctx.mem.readU32(offset(pIn, 12)) }
    if (!r.pKey || r.cbKey === 0 || r.cbKey > MAX_KEY || r.cbValue > MAX_VALUE) return null
    return r
  }

  /** The key's bytes, copied out of the caller's buffer through a duplicate. */
  function readKey(r: Request): string | null {
    const key = ctx.CeOpenCallerBuffer(r.pKey, r.cbKey, ARG_I_PTR, true)
    if (key.hr !== 0) return null
    try {
      return Array.from(ctx.mem.read(key.ptr, r.cbKey), (b) => b.toString(16).padStart(2, '0')).join('')
    } finally {
      ctx.CeCloseCallerBuffer(key.ptr, r.pKey, r.cbKey, ARG_I_PTR)
    }
  }

  function put(r: Request): boolean {
    const name = readKey(r)
    if (name === null) return fail(ERROR_INVALID_PARAMETER)
    if (r.cbValue === 0) return values.delete(name) || fail(ERROR_NOT_FOUND)
    if (!r.pValue) return fail(ERROR_INVALID_PARAMETER)
    const value = ctx.CeOpenCallerBuffer(r.pValue, r.cbValue, ARG_I_PTR, true)
    if (value.hr !== 0) return fail(ERROR_INVALID_PARAMETER)
    try {
      values.set(name, ctx.mem.read(value.ptr, r.cbValue).slice())
    } finally {
      ctx.CeCloseCallerBuffer(value.ptr, r.pValue, r.cbValue, ARG_I_PTR)
    }
    return true
  }

  function get(r: Request, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < 4) return fail(ERROR_INSUFFICIENT_BUFFER)
    const name = readKey(r)
    if (name === null) return fail(ERROR_INVALID_PARAMETER)
    const v = values.get(name)
    if (!v) return fail(ERROR_NOT_FOUND)
    if (r.cbValue < v.length || !r.pValue) return fail(ERROR_INSUFFICIENT_BUFFER)
    const out = ctx.CeOpenCallerBuffer(r.pValue, v.length, ARG_O_PTR, true)
    if (out.hr !== 0) return fail(ERROR_INVALID_PARAMETER)
    try {
      ctx.mem.write(out.ptr, v)
    } finally {
      ctx.CeCloseCallerBuffer(out.ptr, r.pValue, v.length, ARG_O_PTR)
    }
    ctx.mem.writeU32(pOut, v.length)
    if (pActual) ctx.mem.writeU32(pActual, 4)
    return true
  }

  function IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    try {
      const r = readRequest(pIn, nIn)
      if (code === IOCTL_KS_PUT) return r ? put(r) : fail(ERROR_INVALID_PARAMETER)
      if (code === IOCTL_KS_GET) return r ? get(r, pOut, nOut, pActual) : fail(ERROR_INVALID_PARAMETER)
      return fail(ERROR_INVALID_PARAMETER)
    } catch (e) {
      // __try/__except around caller memory: a bad pointer is the caller's error, not a crash.
      if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
      throw e
    }
  }

  return {
    Init: () => 1,
    Deinit: () => (values.clear(), true),
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl,
  }
})
