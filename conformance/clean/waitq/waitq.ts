// clean: a shell mailbox that applications post notifications to and a listener waits on; exercises: blocking IOCTL with a timeout (WaitForMultipleObjects on an arrival and a stop event), ERROR_TIMEOUT without output, callers that exit while waiting, PreDeinit waking waiters, both modes
//
// waitq.dll queues MAILBOX_MSG records (kind, two parameters, a sequence number it assigns) in the driver. POST adds one
// and signals an auto-reset arrival event; WAIT takes the oldest one, blocking up to the caller's timeout while the
// queue is empty (each wake-up re-checks the queue against a deadline from GetTickCount, since another waiter may
// have taken the message); COUNT says how many are queued. PreDeinit sets a manual-reset stop event so no waiter
// sleeps through the device's removal.
import {
  AccessViolation,
  ERROR_DEVICE_REMOVED,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_ENOUGH_MEMORY,
  ERROR_TIMEOUT,
  WAIT_OBJECT_0,
  defineDriver,
  putLE,
  type DriverContext,
  type ParamPtr,
} from '@cedk/kernel'

const FILE_DEVICE_MAILBOX = 0x8140
const ctl = (fn: number): number => ((FILE_DEVICE_MAILBOX << 16) | (fn << 2)) >>> 0
export const IOCTL_MAILBOX_POST = ctl(0x800)
export const IOCTL_MAILBOX_WAIT = ctl(0x801)
export const IOCTL_MAILBOX_COUNT = ctl(0x802)

/** MAILBOX_MSG: Kind, Param1, Param2 as the poster gives them; Seq filled in by the driver. */
export const MSG_SIZE = 16
/** MAILBOX_WAIT: the timeout in milliseconds, at most MAX_WAIT_MS. */
export const WAIT_SIZE = 4
export const MAX_WAIT_MS = 2000
const QUEUE_DEPTH = 32

interface Msg {
  kind: number
  p1: number
  p2: number
  seq: number
}

interface Box {
  queue: Msg[]
  hArrived: number
  hStop: number
  stopping: boolean
  nextSeq: number
}

export default defineDriver('waitq.dll', (ctx: DriverContext) => {
  let box: Box | null = null
  const opens = new Set<number>()
  let nextOpen = 1

  const fail = (code: number): false => {
    ctx.SetLastError(code)
    return false
  }

  function Init(): number {
    const hArrived = ctx.CreateEvent(false, false)
    const hStop = ctx.CreateEvent(true, false)
    if (!hArrived || !hStop) {
      if (hArrived) ctx.CloseHandle(hArrived)
      if (hStop) ctx.CloseHandle(hStop)
      return 0
    }
    box = { queue: [], hArrived, hStop, stopping: false, nextSeq: 1 }
    return 1
  }

  function PreDeinit(): boolean {
    if (box) {
      box.stopping = true
      ctx.SetEvent(box.hStop)
    }
    return true
  }

  function Deinit(): boolean {
    if (box) {
      ctx.CloseHandle(box.hArrived)
      ctx.CloseHandle(box.hStop)
    }
    box = null
    return true
  }

  function post(b: Box, pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < MSG_SIZE) return fail(ERROR_INVALID_PARAMETER)
    if (b.queue.length === QUEUE_DEPTH) return fail(ERROR_NOT_ENOUGH_MEMORY)
    const [kind, p1, p2] = [ctx.mem.readU32(pIn), ctx.mem.readU32((pIn + 4) as ParamPtr), ctx.mem.readU32((pIn + 8) as ParamPtr)]
    b.queue.push({ kind: kind!, p1: p1!, p2: p2!, seq: b.nextSeq++ })
    ctx.SetEvent(b.hArrived)
    return true
  }

  async function wait(b: Box, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): Promise<boolean> {
    if (!pIn || nIn < WAIT_SIZE || !pOut || nOut < MSG_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const timeout = ctx.mem.readU32(pIn)
    if (timeout > MAX_WAIT_MS) return fail(ERROR_INVALID_PARAMETER)
    const deadline = ctx.GetTickCount() + timeout
    while (!b.queue.length) {
      if (b.stopping) return fail(ERROR_DEVICE_REMOVED)
      const left = deadline - ctx.GetTickCount()
      if (left <= 0) return fail(ERROR_TIMEOUT)
      const w = await ctx.WaitForMultipleObjects([b.hArrived, b.hStop], false, left)
      if (w !== WAIT_OBJECT_0 && w !== WAIT_OBJECT_0 + 1 && !b.queue.length) return fail(ERROR_TIMEOUT)
    }
    const m = b.queue[0]!
    const rec = new Uint8Array(MSG_SIZE)
    putLE(rec, 0, 4, m.kind)
    putLE(rec, 4, 4, m.p1)
    putLE(rec, 8, 4, m.p2)
    putLE(rec, 12, 4, m.seq)
    ctx.mem.write(pOut, rec) // may fault: the message stays queued for the next waiter
    b.queue.shift()
    if (pActual) ctx.mem.writeU32(pActual, MSG_SIZE)
    return true
  }

  function count(b: Box, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, b.queue.length)
    if (pActual) ctx.mem.writeU32(pActual, 4)
    return true
  }

  async function dispatch(b: Box, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): Promise<boolean> {
    switch (code) {
      case IOCTL_MAILBOX_POST:
        return post(b, pIn, nIn)
      case IOCTL_MAILBOX_WAIT:
        return wait(b, pIn, nIn, pOut, nOut, pActual)
      case IOCTL_MAILBOX_COUNT:
        return count(b, pOut, nOut, pActual)
      default:
        return fail(ERROR_INVALID_PARAMETER)
    }
  }

  return {
    Init,
    PreDeinit,
    Deinit,
    Open(): number {
      const h = nextOpen++
      opens.add(h)
      return h
    },
    Close: (hOpen: number): boolean => opens.delete(hOpen),
    async IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): Promise<boolean> {
      if (!opens.has(hOpen) || !box) return fail(ERROR_INVALID_HANDLE)
      try {
        return await dispatch(box, code, pIn, nIn, pOut, nOut, pActual)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
