// lcdfb.dll: a small monochrome LCD (128×64, 1 bit a pixel). The driver keeps a shadow frame buffer and pushes it
// to the panel controller on each blit (no DMA, so no pages to lock); IOCTL_LCD_BLIT copies a caller's 1 KB frame into it, IOCTL_LCD_GET_INFO returns
// { width, height, bpp }.
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr, type Ptr } from '@cedk/kernel'

export const IOCTL_LCD_BLIT = 0x80005c3c
export const IOCTL_LCD_GET_INFO = 0x80005c40
const WIDTH = 128
const HEIGHT = 64
const FRAME_BYTES = (WIDTH * HEIGHT) / 8
const MEM_COMMIT = 0x1000
const MEM_RELEASE = 0x8000
const PAGE_READWRITE = 0x04

export default defineDriver('lcdfb.dll', (ctx: DriverContext) => {
  let shadow: Ptr | null = null
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function allocShadow(): Ptr | null {
    const fb = ctx.VirtualAlloc(0, FRAME_BYTES, MEM_COMMIT, PAGE_READWRITE)
    return fb || null
  }

  function freeShadow(fb: Ptr): void {
    ctx.VirtualFree(fb, 0, MEM_RELEASE)
  }

  function blit(pIn: ParamPtr, nIn: number): boolean {
    if (!shadow || !pIn || nIn < FRAME_BYTES) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.write(shadow, ctx.mem.read(pIn, FRAME_BYTES))
    return true
  }

  function info(pOut: ParamPtr, nOut: number): boolean {
    if (!pOut || nOut < 12) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, WIDTH)
    ctx.mem.writeU32(offset(pOut, 4), HEIGHT)
    ctx.mem.writeU32(offset(pOut, 8), 1)
    return true
  }

  return {
    Init() {
      shadow = allocShadow()
      return shadow ? 1 : 0
    },
    Deinit() {
      if (shadow) freeShadow(shadow)
      shadow = null
      return true
    },
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      try {
        if (code === IOCTL_LCD_BLIT) return blit(pIn, nIn)
        if (code === IOCTL_LCD_GET_INFO) return info(pOut, nOut)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
