// pattgen.dll: a test-pattern generator for display bring-up. The palette arrives as an embedded pointer in the
// pattern descriptor; the helper that loads it opens the caller's array for reading and closes it.
import { ARG_I_PTR, AccessViolation, ERROR_INVALID_HANDLE, FAILED, ERROR_INVALID_PARAMETER, defineDriver, offset, type ParamPtr } from '@cedk/kernel'
import { IOCTL_PATTERN_PIXEL, IOCTL_PATTERN_SET, MAX_COLOURS } from './ioctls.js'

interface Pattern {
  width: number
  height: number
  palette: number[]
}

export default defineDriver('pattgen.dll', (ctx) => {
  const opens = new Map<number, Pattern>()
  let nextOpen = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function loadPalette(pPalette: number, nColours: number): number[] | undefined {
    const { hr, ptr } = ctx.CeOpenCallerBuffer(pPalette, 4 * nColours, ARG_I_PTR, false)
    if (FAILED(hr)) return undefined
    try {
      const colours: number[] = []
      for (let i = 0; i < nColours; i++) colours.push(ctx.mem.readU32(offset(ptr, 4 * i)))
      return colours
    } finally {
      ctx.CeCloseCallerBuffer(ptr, pPalette, 4 * nColours, ARG_I_PTR)
    }
  }

  function setPattern(pat: Pattern, pIn: ParamPtr, nIn: number): boolean {
    if (nIn < 16) return fail(ERROR_INVALID_PARAMETER)
    const nColours = ctx.mem.readU32(offset(pIn, 12))
    if (nColours === 0 || nColours > MAX_COLOURS) return fail(ERROR_INVALID_PARAMETER)
    pat.width = ctx.mem.readU32(pIn)
    pat.height = ctx.mem.readU32(offset(pIn, 4))
    const palette = loadPalette(ctx.mem.readU32(offset(pIn, 8)), nColours)
    if (!palette) return fail(ERROR_INVALID_PARAMETER)
    pat.palette = palette
    return true
  }

  function pixel(pat: Pattern, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (nIn < 8 || nOut < 4 || pat.palette.length === 0) return fail(ERROR_INVALID_PARAMETER)
    const x = ctx.mem.readU32(pIn)
    const y = ctx.mem.readU32(offset(pIn, 4))
    ctx.mem.writeU32(pOut, pat.palette[(x + y * pat.width) % pat.palette.length]!)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => {
      opens.set(nextOpen, { width: 0, height: 0, palette: [] })
      return nextOpen++
    },
    Close: (hOpen: number) => opens.delete(hOpen),
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) {
      const pat = opens.get(hOpen)
      if (!pat) return fail(ERROR_INVALID_HANDLE)
      try {
        if (code === IOCTL_PATTERN_SET) return setPattern(pat, pIn, nIn)
        if (code === IOCTL_PATTERN_PIXEL) return pixel(pat, pIn, nIn, pOut, nOut)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
