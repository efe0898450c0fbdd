// The C form of cedk's model of a bus driver's interface (docs/kernel.md, "callbacks"): a CE6 bus driver hands its
// clients a table of function pointers (an IOCTL returns it) and a client calls through them, which works only in
// the bus driver's own process. In the machine a table is published with exportFunctionTable and called with
// callFunctionTable (CE6-C02 watches those calls); cedk_bus.h gives C both: CedkExportFunctionTable publishes C
// functions (each runs as an activation of its own when called), CedkCallFunctionTable calls one by name.
import { ERROR_INVALID_PARAMETER } from '../../errors/win32.js'
import type { Ptr } from '../../memory/pointers.js'
import type { BinderTable } from './binder.js'
import { out32 } from './binder.js'
import { blocking, cCallable } from './blocking-call.js'
import { wideArg } from './c-strings.js'
import { tableFunction } from '../c-seh.js'

/** CEDK_FUNCTION_ENTRY: { LPCWSTR pszName; PFN_CEDK_TABLE_FUNCTION pfn }. */
const ENTRY_SIZE = 8
/** Arguments a table function takes at most (DWORDs). */
const MAX_ARGS = 4
const MAX_ENTRIES = 64

export const functionTableImports: BinderTable = {
  CedkExportFunctionTable: (ctx, h, rt) => (pEntries, cEntries) => {
    const count = cEntries >>> 0
    if (pEntries === 0 || count === 0 || count > MAX_ENTRIES) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return 0
    }
    const table: Record<string, ReturnType<typeof cCallable>> = {}
    for (let i = 0; i < count; i++) {
      const at = pEntries + i * ENTRY_SIZE
      const name = wideArg(ctx, h, ctx.mem.readU32(h.sim(at) as Ptr))
      const fn = tableFunction(rt, ctx.mem.readU32(h.sim(at + 4) as Ptr))
      if (fn === null || name === '') {
        ctx.SetLastError(ERROR_INVALID_PARAMETER)
        return 0
      }
      table[name] = cCallable(rt, fn)
    }
    return ctx.exportFunctionTable(table)
  },
  CedkCallFunctionTable: (ctx, h, rt) => (dwTable, pszName, pArgs, cArgs, pResult) =>
    blocking(rt, () => {
      const n = cArgs >>> 0
      if (n > MAX_ARGS || (n > 0 && pArgs === 0)) {
        ctx.SetLastError(ERROR_INVALID_PARAMETER)
        return 0
      }
      const args = Array.from({ length: n }, (_, i) => ctx.mem.readU32(h.sim(pArgs + 4 * i) as Ptr))
      const r = ctx.callFunctionTable(dwTable >>> 0, wideArg(ctx, h, pszName), ...args)
      const done = (v: unknown): number => {
        if (typeof v !== 'number') return 0
        if (pResult !== 0) out32(ctx, h, pResult, v)
        return 1
      }
      return r instanceof Promise ? r.then(done) : done(r)
    }),
}
