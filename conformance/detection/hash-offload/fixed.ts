// hashacc.dll: a checksum accelerator. IOCTL_HASH_BLOCK takes { pData, cbData } naming a block in the caller's memory
// and returns its Fletcher-32 checksum. The engine is fed by a worker thread, so the request hands the worker an
// asynchronous buffer made from the marshalled block; the caller's thread waits for the result.
import {
  ARG_I_PTR,
  AccessViolation,
  ERROR_INVALID_PARAMETER,
  ERROR_TIMEOUT,
  FAILED,
  INFINITE,
  WAIT_OBJECT_0,
  defineDriver,
  offset,
  type AsyncPtr,
  type DriverContext,
  type ParamPtr,
} from '@cedk/kernel'

export const IOCTL_HASH_BLOCK = 0x80003c1c
const MAX_BLOCK = 4096
const TIMEOUT_MS = 100

interface HashJob {
  data: AsyncPtr
  cb: number
  sum: number
  hDone: number
}

export default defineDriver('hashacc.dll', (ctx: DriverContext) => {
  const jobs: HashJob[] = []
  let hWork = 0
  let hWorker = 0
  let stopping = false
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function fletcher32(bytes: Uint8Array): number {
    let a = 0xffff
    let b = 0xffff
    for (let i = 0; i < bytes.length; i += 2) {
      a = (a + (bytes[i]! | ((bytes[i + 1] ?? 0) << 8))) % 0xffff
      b = (b + a) % 0xffff
    }
    return ((b << 16) | a) >>> 0
  }

  async function worker(): Promise<number> {
    while (!stopping) {
      await ctx.WaitForSingleObject(hWork, INFINITE)
      for (let j = jobs.shift(); j; j = jobs.shift()) {
        j.sum = fletcher32(ctx.mem.read(j.data, j.cb))
        ctx.SetEvent(j.hDone)
      }
    }
    return 0
  }

  async function runJob(j: HashJob): Promise<boolean> {
    jobs.push(j)
    ctx.SetEvent(hWork)
    const got = await ctx.WaitForSingleObject(j.hDone, TIMEOUT_MS)
    const i = jobs.indexOf(j)
    if (i >= 0) jobs.splice(i, 1)
    return got === WAIT_OBJECT_0
  }

  async function hashBlock(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): Promise<boolean> {
    if (!pIn || nIn < 8 || !pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    const raw = ctx.mem.readU32(pIn)
    const cb = ctx.mem.readU32(offset(pIn, 4))
    if (!raw || !cb || cb > MAX_BLOCK) return fail(ERROR_INVALID_PARAMETER)
    const block = ctx.CeOpenCallerBuffer(raw, cb, ARG_I_PTR, false)
    if (FAILED(block.hr)) return fail(ERROR_INVALID_PARAMETER)
    const async = ctx.CeAllocAsynchronousBuffer(block.ptr, cb, ARG_I_PTR)
    if (FAILED(async.hr)) {
      ctx.CeCloseCallerBuffer(block.ptr, raw, cb, ARG_I_PTR)
      return fail(ERROR_INVALID_PARAMETER)
    }
    const job: HashJob = { data: async.ptr, cb, sum: 0, hDone: ctx.CreateEvent(false, false) }
    const done = job.hDone !== 0 && (await runJob(job))
    if (job.hDone) ctx.CloseHandle(job.hDone)
    // The asynchronous buffer goes first: it was made from the caller buffer.
    ctx.CeFreeAsynchronousBuffer(async.ptr, block.ptr, cb, ARG_I_PTR)
    ctx.CeCloseCallerBuffer(block.ptr, raw, cb, ARG_I_PTR)
    if (!done) return fail(ERROR_TIMEOUT)
    ctx.mem.writeU32(pOut, job.sum)
    return true
  }

  return {
    Init() {
      hWork = ctx.CreateEvent(false, false)
      hWorker = hWork ? ctx.CreateThread(worker, 0, { name: 'HashWorker' }) : 0
      return hWorker ? 1 : 0
    },
    async Deinit() {
      stopping = true
      ctx.SetEvent(hWork)
      await ctx.WaitForSingleObject(hWorker, INFINITE)
      ctx.CloseHandle(hWorker)
      ctx.CloseHandle(hWork)
      return true
    },
    Open: () => 1,
    Close: () => true,
    async IOControl(_h, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_HASH_BLOCK) return fail(ERROR_INVALID_PARAMETER)
      try {
        return await hashBlock(pIn, nIn, pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
