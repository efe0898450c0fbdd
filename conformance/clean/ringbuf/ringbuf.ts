// clean: a byte FIFO per open handle; exercises: first-level buffers only, per-open state, bytes-returned, both modes
// ringbuf.dll is a loopback pipe for testing serial protocols: each open handle gets its own 256-byte ring. WRITE
// appends what fits and returns how many bytes it took; READ returns up to nOutBufferSize bytes. The ring lives in
// the driver's heap (LocalAlloc at Open, LocalFree at Close), so nothing outlives the handle.
import { AccessViolation, ERROR_INVALID_HANDLE, ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY, LMEM_ZEROINIT, defineDriver, offset, type DriverContext, type OwnPtr, type ParamPtr } from '@cedk/kernel'

export const IOCTL_RING_WRITE = 0x0022a004
export const IOCTL_RING_READ = 0x0022a008
export const IOCTL_RING_STATUS = 0x0022a00c
export const RING_SIZE = 256

interface Ring {
  mem: OwnPtr
  head: number
  count: number
}

export default defineDriver('ringbuf.dll', (ctx: DriverContext) => {
  const rings = new Map<number, Ring>()
  let next = 1
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function write(r: Ring, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pIn || nIn === 0 || !pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    const data = ctx.mem.read(pIn, Math.min(nIn, RING_SIZE - r.count))
    data.forEach((b, i) => ctx.mem.writeU8(offset(r.mem, (r.head + r.count + i) % RING_SIZE), b))
    r.count += data.length
    ctx.mem.writeU32(pOut, data.length)
    if (pActual) ctx.mem.writeU32(pActual, 4)
    return true
  }

  function read(r: Ring, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut === 0) return fail(ERROR_INVALID_PARAMETER)
    const n = Math.min(nOut, r.count)
    for (let i = 0; i < n; i++) ctx.mem.writeU8(offset(pOut, i), ctx.mem.readU8(offset(r.mem, (r.head + i) % RING_SIZE)))
    r.head = (r.head + n) % RING_SIZE
    r.count -= n
    if (pActual) ctx.mem.writeU32(pActual, n)
    return true
  }

  function status(r: Ring, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < 8) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, r.count)
    ctx.mem.writeU32(offset(pOut, 4), RING_SIZE - r.count)
    if (pActual) ctx.mem.writeU32(pActual, 8)
    return true
  }

  return {
    Init: () => 1,
    /** Deactivation with handles still open: no Close will come for them. */
    Deinit() {
      for (const r of rings.values()) ctx.LocalFree(r.mem)
      rings.clear()
      return true
    },
    Open() {
      const mem = ctx.LocalAlloc(LMEM_ZEROINIT, RING_SIZE)
      if (!mem) return (ctx.SetLastError(ERROR_NOT_ENOUGH_MEMORY), 0)
      rings.set(next, { mem, head: 0, count: 0 })
      return next++
    },
    Close(hOpen: number) {
      const r = rings.get(hOpen)
      if (!r) return false
      ctx.LocalFree(r.mem)
      rings.delete(hOpen)
      return true
    },
    IOControl(hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      const r = rings.get(hOpen)
      if (!r) return fail(ERROR_INVALID_HANDLE)
      try {
        if (code === IOCTL_RING_WRITE) return write(r, pIn, nIn, pOut, nOut, pActual)
        if (code === IOCTL_RING_READ) return read(r, pOut, nOut, pActual)
        if (code === IOCTL_RING_STATUS) return status(r, pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
