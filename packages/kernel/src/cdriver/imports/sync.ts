// Synchronisation objects for C drivers (winbase.h): events, mutexes, semaphores, waits, Sleep and critical
// sections. Waits and Sleep block the calling thread (blocking-call.ts). A CRITICAL_SECTION is CE6's 20-byte record
// in the driver's memory; cedk keeps a mutex handle in its hCrit field (CE's critical sections are recursive and
// owned, like a mutex), so a thread entering one another thread holds blocks until it is left. The mutex comes from
// ctx.InitializeCriticalSection, which fault injection leaves alone: the C call returns nothing to check.
import type { DriverContext } from '../../api/context.js'
import type { Ptr } from '../../memory/pointers.js'
import { INFINITE, MAXIMUM_WAIT_OBJECTS, WAIT_OBJECT_0 } from '../../process/sync.js'
import type { CMemoryHooks } from '../memory-hooks.js'
import type { BinderTable } from './binder.js'
import { wideArg } from './c-strings.js'
import { blocking, bool, cValue, dword } from './blocking-call.js'

/** CRITICAL_SECTION's fields (CE6 winbase.h): LockCount, OwnerThread, hCrit, needtrap, dwContentions. */
const CS_LOCK_COUNT = 0
const CS_OWNER = 4
const CS_HANDLE = 8

const name = (ctx: DriverContext, h: CMemoryHooks, p: number): string | undefined => (p === 0 ? undefined : wideArg(ctx, h, p))

/** The mutex behind a critical section; one is made if the record has none (a zeroed, never-initialized one). */
function csMutex(ctx: DriverContext, h: CMemoryHooks, p: number): number {
  const at = h.sim(p + CS_HANDLE) as Ptr
  const existing = ctx.mem.readU32(at)
  if (existing !== 0) return existing
  const made = ctx.InitializeCriticalSection()
  ctx.mem.writeU32(at, made)
  return made
}

/** After a wait on the critical section's mutex: record the owner and the recursion count, as CE's record shows. */
function entered(ctx: DriverContext, h: CMemoryHooks, p: number, result: number): number {
  if (result !== WAIT_OBJECT_0) return 0
  const count = h.sim(p + CS_LOCK_COUNT) as Ptr
  ctx.mem.writeU32(count, ctx.mem.readU32(count) + 1)
  ctx.mem.writeU32(h.sim(p + CS_OWNER) as Ptr, ctx.GetCurrentThreadId())
  return 1
}

export const syncImports: BinderTable = {
  CreateEventW: (ctx, h) => (_sa, manual, initial, pName) => ctx.CreateEvent(manual !== 0, initial !== 0, name(ctx, h, pName)),
  SetEvent: (ctx) => (hEvent) => bool(ctx.SetEvent(hEvent >>> 0)),
  ResetEvent: (ctx) => (hEvent) => bool(ctx.ResetEvent(hEvent >>> 0)),
  PulseEvent: (ctx) => (hEvent) => bool(ctx.PulseEvent(hEvent >>> 0)),
  CreateMutexW: (ctx, h) => (_sa, owner, pName) => ctx.CreateMutex(owner !== 0, name(ctx, h, pName)),
  ReleaseMutex: (ctx) => (hMutex) => bool(ctx.ReleaseMutex(hMutex >>> 0)),
  CreateSemaphoreW: (ctx, h) => (_sa, initial, maximum, pName) => ctx.CreateSemaphore(initial | 0, maximum | 0, name(ctx, h, pName)),
  ReleaseSemaphore: (ctx, h) => (hSem, count, pPrev) => {
    const prev = ctx.ReleaseSemaphore(hSem >>> 0, count | 0)
    if (prev === false) return 0
    if (pPrev !== 0) ctx.mem.writeU32(h.sim(pPrev) as Ptr, prev)
    return 1
  },
  WaitForSingleObject: (ctx, _h, rt) => (hObj, ms) => blocking(rt, () => cValue(ctx.WaitForSingleObject(hObj >>> 0, ms >>> 0), dword)),
  WaitForMultipleObjects: (ctx, h, rt) => (n, pHandles, waitAll, ms) =>
    blocking(rt, () => {
      // Past the limit the kernel refuses the count itself; only a count it accepts is read from the driver's memory.
      const count = n >>> 0
      const handles = count >= 1 && count <= MAXIMUM_WAIT_OBJECTS ? readHandles(ctx, h, pHandles, count) : new Array<number>(Math.min(count, MAXIMUM_WAIT_OBJECTS + 1)).fill(0)
      return cValue(ctx.WaitForMultipleObjects(handles, waitAll !== 0, ms >>> 0), dword)
    }),
  Sleep: (ctx, _h, rt) => (ms) => blocking(rt, () => ctx.Sleep(ms >>> 0).then(() => 0)),
  InitializeCriticalSection: (ctx, h) => (p) => {
    ctx.mem.fill(h.sim(p) as Ptr, 20, 0)
    ctx.mem.writeU32(h.sim(p + CS_HANDLE) as Ptr, ctx.InitializeCriticalSection())
  },
  EnterCriticalSection: (ctx, h, rt) => (p) => {
    blocking(rt, () => cValue(ctx.WaitForSingleObject(csMutex(ctx, h, p), INFINITE), (r) => entered(ctx, h, p, r)))
  },
  TryEnterCriticalSection: (ctx, h, rt) => (p) => blocking(rt, () => cValue(ctx.WaitForSingleObject(csMutex(ctx, h, p), 0), (r) => entered(ctx, h, p, r))),
  LeaveCriticalSection: (ctx, h) => (p) => {
    // Left by a thread that does not hold it: the release fails and the record stays as it is.
    if (!ctx.ReleaseMutex(csMutex(ctx, h, p))) return
    const count = h.sim(p + CS_LOCK_COUNT) as Ptr
    const left = ctx.mem.readU32(count)
    ctx.mem.writeU32(count, left > 0 ? left - 1 : 0)
    if (left <= 1) ctx.mem.writeU32(h.sim(p + CS_OWNER) as Ptr, 0)
  },
  DeleteCriticalSection: (ctx, h) => (p) => {
    const at = h.sim(p + CS_HANDLE) as Ptr
    const handle = ctx.mem.readU32(at)
    // A mutex handle closes at once (only device handles call into a driver).
    if (handle !== 0) void ctx.CloseHandle(handle)
    ctx.mem.fill(h.sim(p) as Ptr, 20, 0)
  },
}

function readHandles(ctx: DriverContext, h: CMemoryHooks, p: number, n: number): number[] {
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(ctx.mem.readU32(h.sim(p + 4 * i) as Ptr))
  return out
}
