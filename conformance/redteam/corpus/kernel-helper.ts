// A kernel-mode driver the attacks meet: it keeps a status block on its own heap, a ring buffer on the shared heap
// (CeVirtualSharedAlloc) and a function table, and hands out their addresses (IOCTL 1: status, ring, table). Its
// IOCTL 2 does a little work and waits on an event, so other code gets the CPU while it is in the middle of a call.
import { MEM_COMMIT, MEM_RESERVE, defineDriver, offset, type ParamPtr } from '@cedk/kernel'
import { helperKey, type HelperKey } from '../../harness.js'

export const HELPER_KEY: HelperKey = helperKey('Ring', 'ringk.dll', 'RNG')

export const ringHelper = defineDriver('ringk.dll', (ctx) => {
  let status = 0
  let ring = 0
  let table = 0
  return {
    Init: () => {
      const s = ctx.LocalAlloc(0, 16)
      if (s) ctx.mem.writeU32(s, 0x5a5a5a5a)
      status = s
      ring = ctx.CeVirtualSharedAlloc(0, 0x1000, MEM_RESERVE | MEM_COMMIT)
      table = ctx.exportFunctionTable({ level: () => 3 })
      return 1
    },
    Deinit: () => true,
    Open: () => 2,
    Close: () => true,
    IOControl: async (_h: number, code: number, _pIn: ParamPtr, _nIn: number, pOut: ParamPtr, nOut: number) => {
      if (code === 1 && nOut >= 12) {
        ctx.mem.writeU32(pOut, status)
        ctx.mem.writeU32(offset(pOut, 4), ring)
        ctx.mem.writeU32(offset(pOut, 8), table)
        return true
      }
      const ev = ctx.CreateEvent(false, false)
      const worker = ctx.CreateThread(async () => (ctx.SetEvent(ev), 0))
      await ctx.WaitForSingleObject(ev)
      ctx.CloseHandle(worker)
      ctx.CloseHandle(ev)
      return ctx.mem.readU32(status as ParamPtr) === 0x5a5a5a5a
    },
  }
})

/** From a user-mode driver: the helper's status block, ring buffer and function table (0s if it cannot ask). */
export async function helperAddresses(ctx: Parameters<Parameters<typeof defineDriver>[1]>[0]): Promise<{ status: number; ring: number; table: number }> {
  const h = await ctx.CreateFile('RNG1:', 0)
  const out = ctx.LocalAlloc(0, 12)
  const ok = await ctx.DeviceIoControl(h, 1, 0, 0, out, 12)
  const r = ok ? { status: ctx.mem.readU32(out), ring: ctx.mem.readU32(offset(out, 4)), table: ctx.mem.readU32(offset(out, 8)) } : { status: 0, ring: 0, table: 0 }
  ctx.LocalFree(out)
  ctx.CloseHandle(h)
  return r
}
