// xorcrypt.dll: a stream-cipher accelerator front end (the engine is modelled as a keyed XOR). APPLY builds a
// request record for the engine; the engine transforms the data in place and the result is copied out.
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type ParamPtr } from '@cedk/kernel'
import { IOCTL_CRYPT_APPLY, IOCTL_CRYPT_SET_KEY, KEY_BYTES } from './ioctls.js'

interface CryptRequest {
  src: ParamPtr
  dst: ParamPtr
  length: number
}

export default defineDriver('xorcrypt.dll', (ctx) => {
  const key = new Uint8Array(KEY_BYTES)
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function runEngine(req: CryptRequest): void {
    for (let i = 0; i < req.length; i++) ctx.mem.writeU8(offset(req.src, i), ctx.mem.readU8(offset(req.src, i)) ^ key[i % KEY_BYTES]!)
    ctx.mem.copy(req.dst, req.src, req.length)
  }

  function apply(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (nIn === 0 || nOut < nIn) return fail(ERROR_INVALID_PARAMETER)
    const req: CryptRequest = { src: pIn, dst: pOut, length: nIn }
    runEngine(req)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) {
      try {
        if (code === IOCTL_CRYPT_SET_KEY && nIn === KEY_BYTES) {
          key.set(ctx.mem.read(pIn, KEY_BYTES))
          return true
        }
        if (code === IOCTL_CRYPT_APPLY) return apply(pIn, nIn, pOut, nOut)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
