// Calls out of a C driver into other processes (pkfuncs.h): CeCallUserProc into a user-mode helper DLL, and the
// machine's driver callbacks (CeDriverMapCallbackFunction registers a C function of this module, run as an
// activation of its own when called back; CeDriverPerformCallback calls one). The calls out block the thread.
import { ERROR_INVALID_PARAMETER } from '../../errors/win32.js'
import type { BinderTable } from './binder.js'
import { wideArg } from './c-strings.js'
import { blocking, bool, cCallable, cValue, dword } from './blocking-call.js'
import { tableFunction } from '../c-seh.js'

export const callbackImports: BinderTable = {
  CeCallUserProc: (ctx, h, rt) => (pDll, pFn, pIn, nIn, pOut, nOut, pRet) =>
    blocking(rt, () => {
      const dll = wideArg(ctx, h, pDll)
      const fn = wideArg(ctx, h, pFn)
      return cValue(ctx.CeCallUserProc(dll, fn, h.sim(pIn), nIn >>> 0, h.sim(pOut), nOut >>> 0, h.sim(pRet)), bool)
    }),
  CeDriverMapCallbackFunction: (ctx, _h, rt) => (pfn) => {
    const routine = tableFunction(rt, pfn)
    if (routine === null) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return 0
    }
    return ctx.CeDriverMapCallbackFunction(cCallable(rt, routine))
  },
  CeDriverPerformCallback: (ctx, _h, rt) => (id, param) => blocking(rt, () => cValue(ctx.CeDriverPerformCallback(id >>> 0, param >>> 0), dword)),
}
