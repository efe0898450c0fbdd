// loopnet.dll: a loopback network interface for self-tests. IOCTL_LOOP_ECHO takes a frame { cbFrame, payload[60] }
// and returns the frame { cbFrame, payload } as if it had gone round the wire: the driver fetches the length once, checks it against
// both buffers, and copies that many bytes.
import { AccessViolation, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_LOOP_ECHO = 0x80002c0c
const HEADER = 4
const MAX_FRAME = 60

export default defineDriver('loopnet.dll', (ctx: DriverContext) => {
  let framesEchoed = 0
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  const frameLength = (pIn: ParamPtr): number => ctx.mem.readU32(pIn)

  function validate(cb: number, nIn: number, nOut: number): number {
    if (cb > MAX_FRAME || HEADER + cb > nIn) return ERROR_INVALID_PARAMETER
    if (HEADER + cb > nOut) return ERROR_INSUFFICIENT_BUFFER
    return 0
  }

  function echo(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || !pOut) return fail(ERROR_INVALID_PARAMETER)
    if (nIn < HEADER) return fail(ERROR_INVALID_PARAMETER)
    const cb = frameLength(pIn)
    const error = validate(cb, nIn, nOut)
    if (error) return fail(error)
    ctx.mem.writeU32(pOut, cb)
    ctx.mem.write(offset(pOut, HEADER), ctx.mem.read(offset(pIn, HEADER), cb))
    framesEchoed++
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_LOOP_ECHO) return fail(ERROR_INVALID_PARAMETER)
      try {
        return echo(pIn, nIn, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
