// clean: an in-place XOR scrambler for a radio link; exercises: embedded inout pointer, no ForceDuplicate, kernel addresses refused by CeOpenCallerBuffer, both modes
// cipher.dll scrambles a caller's buffer in place with a per-handle key: the request { pData, cbData, dwKeyIndex }
// points at the data, which the driver opens with ARG_IO_PTR and no ForceDuplicate (the data is read and written once
// each, byte by byte, so a second fetch cannot disagree with the first) and closes on every path.
import { AccessViolation, ARG_IO_PTR, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_CIPHER_SET_KEY = 0x0022b004
export const IOCTL_CIPHER_APPLY = 0x0022b008
export const MAX_DATA = 512
export const KEY_SIZE = 8

interface Open {
  keys: Uint8Array[]
}

export default defineDriver('cipher.dll', (ctx: DriverContext) => {
  const opens = new Map<number, Open>()
  let next = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function setKey(o: Open, pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < 4 + KEY_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const index = ctx.mem.readU32(pIn)
    if (index > 3) return fail(ERROR_INVALID_PARAMETER)
    o.keys[index] = ctx.mem.read(offset(pIn, 4), KEY_SIZE).slice()
    return true
  }

  function apply(o: Open, pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < 12) return fail(ERROR_INVALID_PARAMETER)
    const pData = ctx.mem.readU32(pIn)
    const cbData = ctx.mem.readU32(offset(pIn, 4))
    const key = o.keys[ctx.mem.readU32(offset(pIn, 8))]
    if (!key || cbData > MAX_DATA) return fail(ERROR_INVALID_PARAMETER)
    if (cbData === 0) return true
    const data = ctx.CeOpenCallerBuffer(pData, cbData, ARG_IO_PTR, false)
    if (data.hr !== 0) return fail(ERROR_INVALID_PARAMETER)
    try {
      for (let i = 0; i < cbData; i++) {
        const at = offset(data.ptr, i)
        ctx.mem.writeU8(at, ctx.mem.readU8(at) ^ key[i % KEY_SIZE]!)
      }
    } finally {
      ctx.CeCloseCallerBuffer(data.ptr, pData, cbData, ARG_IO_PTR)
    }
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => (opens.set(next, { keys: [] }), next++),
    Close: (hOpen: number) => opens.delete(hOpen),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number): boolean {
      const o = opens.get(hOpen)
      if (!o) return fail(ERROR_INVALID_HANDLE)
      try {
        if (code === IOCTL_CIPHER_SET_KEY) return setKey(o, pIn, nIn)
        if (code === IOCTL_CIPHER_APPLY) return apply(o, pIn, nIn)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
