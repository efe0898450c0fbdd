// Threads and time for C drivers (winbase.h, pkfuncs.h). A thread's start routine is a C function (an index into
// the module's function table); it runs as an activation of its own (c-async.ts), on a C stack of its own, and may
// block. The thread is named after the C function, as CE's tools name a thread by its start routine.
import { moduleOf } from '../../api/base.js'
import type { DriverContext } from '../../api/context.js'
import { ERROR_INVALID_PARAMETER, ERROR_NOT_SUPPORTED } from '../../errors/win32.js'
import type { Ptr } from '../../memory/pointers.js'
import { Thread } from '../../process/thread.js'
import { tableFunction } from '../c-seh.js'
import { tableEntryName } from '../c-names.js'
import type { BinderTable } from './binder.js'
import { bool, cCallable } from './blocking-call.js'

const CREATE_SUSPENDED = 0x4
/** SetThreadPriority's THREAD_PRIORITY_* levels 0 (time critical) … 7 (idle) are CE priorities 248 … 255. */
const PRIORITY_BASE = 248

function threadId(ctx: DriverContext, hThread: number): number {
  const t = moduleOf(ctx).process.handles.get(hThread)
  return t instanceof Thread ? t.id : 0
}

export const threadImports: BinderTable = {
  CreateThread: (ctx, h, rt) => (_sa, _stack, pfn, param, flags, pTid) => {
    const routine = tableFunction(rt, pfn)
    if (routine === null) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return 0
    }
    // A suspended start needs ResumeThread, which the machine's threads do not have.
    if ((flags & CREATE_SUSPENDED) !== 0) {
      ctx.SetLastError(ERROR_NOT_SUPPORTED)
      return 0
    }
    const name = tableEntryName(rt.names, routine, pfn)
    const hThread = ctx.CreateThread(cCallable(rt, routine), param >>> 0, { name })
    if (hThread !== 0 && pTid !== 0) ctx.mem.writeU32(h.sim(pTid) as Ptr, threadId(ctx, hThread))
    return hThread
  },
  CeSetThreadPriority: (ctx) => (hThread, prio) => bool(ctx.CeSetThreadPriority(hThread >>> 0, prio | 0)),
  CeGetThreadPriority: (ctx) => (hThread) => ctx.CeGetThreadPriority(hThread >>> 0),
  SetThreadPriority: (ctx) => (hThread, level) => {
    if (level < 0 || level > 7) {
      ctx.SetLastError(ERROR_INVALID_PARAMETER)
      return 0
    }
    return bool(ctx.CeSetThreadPriority(hThread >>> 0, PRIORITY_BASE + level))
  },
  GetCurrentThreadId: (ctx) => () => ctx.GetCurrentThreadId(),
  GetCurrentProcessId: (ctx) => () => ctx.GetCurrentProcessId(),
  GetTickCount: (ctx) => () => ctx.GetTickCount(),
}
