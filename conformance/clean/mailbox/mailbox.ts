// clean: a message mailbox between processes; exercises: variable-length records in first-level buffers (a header and trailing data), length fields checked against nInBufferSize, messages copied into the driver's heap, cleanup of a departed reader's queue, both modes
// mailbox.dll passes short messages between applications: SEND takes MAILBOX_MSG { dwTag; cbData; BYTE data[cbData] }
// in lpInBuf (cbData must fit in nInBufferSize); RECEIVE returns the oldest message in the same layout if lpOutBuf
// is large enough, else fails with ERROR_INSUFFICIENT_BUFFER and the size needed in *lpBytesReturned, leaving the
// message queued. Messages are copied into LocalAlloc blocks and freed when received or when the driver goes away.
import { AccessViolation, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, ERROR_NOT_ENOUGH_MEMORY, ERROR_NOT_FOUND, LMEM_FIXED, defineDriver, offset, type DriverContext, type OwnPtr, type ParamPtr } from '@cedk/kernel'

export const IOCTL_MBX_SEND = 0x00235004
export const IOCTL_MBX_RECEIVE = 0x00235008
export const HEADER_SIZE = 8
export const MAX_DATA = 240
const MAX_QUEUED = 8

interface Message {
  tag: number
  cb: number
  data: OwnPtr
}

export default defineDriver('mailbox.dll', (ctx: DriverContext) => {
  const queue: Message[] = []
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function send(pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < HEADER_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const tag = ctx.mem.readU32(pIn)
    const cb = ctx.mem.readU32(offset(pIn, 4))
    if (cb > MAX_DATA || cb > nIn - HEADER_SIZE) return fail(ERROR_INVALID_PARAMETER)
    if (queue.length === MAX_QUEUED) return fail(ERROR_NOT_ENOUGH_MEMORY)
    const data = ctx.LocalAlloc(LMEM_FIXED, Math.max(cb, 1))
    if (!data) return fail(ERROR_NOT_ENOUGH_MEMORY)
    try {
      ctx.mem.write(data, ctx.mem.read(offset(pIn, HEADER_SIZE), cb))
    } catch (e) {
      ctx.LocalFree(data)
      throw e
    }
    queue.push({ tag, cb, data })
    return true
  }

  function receive(pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    const m = queue[0]
    if (!m) return fail(ERROR_NOT_FOUND)
    const need = HEADER_SIZE + m.cb
    if (!pOut || nOut < need) {
      if (pActual) ctx.mem.writeU32(pActual, need)
      return fail(ERROR_INSUFFICIENT_BUFFER)
    }
    ctx.mem.writeU32(pOut, m.tag)
    ctx.mem.writeU32(offset(pOut, 4), m.cb)
    ctx.mem.write(offset(pOut, HEADER_SIZE), ctx.mem.read(m.data, m.cb))
    if (pActual) ctx.mem.writeU32(pActual, need)
    queue.shift()
    ctx.LocalFree(m.data)
    return true
  }

  return {
    Init: () => 1,
    Deinit() {
      for (const m of queue.splice(0)) ctx.LocalFree(m.data)
      return true
    },
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      try {
        if (code === IOCTL_MBX_SEND) return send(pIn, nIn)
        if (code === IOCTL_MBX_RECEIVE) return receive(pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
