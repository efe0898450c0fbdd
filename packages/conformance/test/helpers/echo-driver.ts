// Small drivers for the spec-API and report tests: a correct echo device, and broken ones (Init throws, an IOCTL
// never returns).
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, type DriverContext, type ParamPtr } from '@cedk/kernel'
import type { ConformanceOptions } from '../../src/index.js'

export const ECHO_CODE = 0x220004
export const HANG_CODE = 0x220008

export const echoRegistry = (dll = 'echo.dll', flags = 0) => String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Echo]
"Dll"="${dll}"
"Prefix"="ECH"
"Index"=dword:1
"Flags"=dword:${flags.toString(16)}
`

function echoEntries(ctx: DriverContext, opts: { hangOn?: number } = {}) {
  const fail = (code: number) => {
    ctx.SetLastError(code)
    return false
  }
  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    async IOControl(_h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr) {
      if (code === opts.hangOn) await ctx.WaitForSingleObject(ctx.CreateEvent(false, false), 0xffffffff)
      if (code !== ECHO_CODE || !pIn || !pOut || nOut < nIn) return fail(ERROR_INVALID_PARAMETER)
      try {
        ctx.mem.write(pOut, ctx.mem.read(pIn, nIn))
        if (pActual) ctx.mem.writeU32(pActual, nIn)
        return true
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
}

export const echo = defineDriver('echo.dll', (ctx) => echoEntries(ctx))

export const initThrows = defineDriver('broken.dll', (ctx) => ({
  ...echoEntries(ctx),
  Init: (): number => {
    throw new Error('Init blew up')
  },
}))

export const hangs = defineDriver('hangs.dll', (ctx) => echoEntries(ctx, { hangOn: HANG_CODE }))

export const echoOptions = (over: Partial<ConformanceOptions> = {}): ConformanceOptions => ({
  registry: echoRegistry(),
  ioctls: [{ name: 'ECHO', code: ECHO_CODE, inSize: 8, outSize: 8, input: [1, 2, 3, 4, 5, 6, 7, 8] }],
  ...over,
})
