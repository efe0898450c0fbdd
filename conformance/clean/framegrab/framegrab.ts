// clean: a frame grabber that copies test-pattern frames straight into the application's frame buffer; exercises: embedded out pointer, CeOpenCallerBuffer without ForceDuplicate (direct access in kernel mode), __try/__except around caller memory, kernel-only design
//
// FGR1: a capture engine that renders numbered test-pattern frames (a line counter in every row, as a camera's
// built-in pattern generator would) and hands each one to the application through an embedded pointer. Frames are
// large, so the driver lets CeOpenCallerBuffer choose (ForceDuplicate FALSE): in kernel mode it gets the caller's own
// pointer back (fact sheet §5.1) and writes the rows in place. The kernel checks only that the range is user space,
// so an application that passes a buffer it never committed makes the row loop fault; the driver catches the fault
// (its __try/__except), closes the caller buffer and fails the call with ERROR_INVALID_PARAMETER. The design is
// kernel-only: the key has no user-mode flag, and the spec runs kernel mode.
import { AccessViolation, ARG_O_PTR, ERROR_INVALID_PARAMETER, FAILED, defineDriver, offset, type DriverContext, type MarshalledPtr, type ParamPtr } from '@cedk/kernel'
import { FG_FRAME_INFO_SIZE, FG_FRAME_REQUEST_SIZE, FG_START, IOCTL_FG_GET_FRAME, IOCTL_FG_START, IOCTL_FG_STOP, MAX_FRAME, ROW_BYTES } from './framegrab-ioctls.js'

/** winerror.h: GET_FRAME before START (the kernel's error table has no name for it). */
const ERROR_NOT_READY = 21

interface Capture {
  running: boolean
  frames: number
  /** Pattern flags of the last FG_START. */
  pattern: number
}

interface FrameRequest {
  pFrame: number
  cbFrame: number
}

/** One row of frame `seq`: the row number in the first two bytes, then a ramp offset by the frame number. */
function renderRow(seq: number, row: number, width: number, inverted: boolean): Uint8Array {
  const line = new Uint8Array(width)
  line[0] = row & 0xff
  if (width > 1) line[1] = (row >>> 8) & 0xff
  for (let x = 2; x < width; x++) line[x] = (x + seq) & 0xff
  if (inverted) for (let x = 0; x < width; x++) line[x] = ~line[x]! & 0xff
  return line
}

function readRequest(ctx: DriverContext, pIn: ParamPtr): FrameRequest {
  return { pFrame: ctx.mem.readU32(pIn), cbFrame: ctx.mem.readU32(offset(pIn, 4)) }
}

/** Render frame `seq` row by row into `dst` (the caller's pages in kernel mode: any row may fault). */
function renderFrame(ctx: DriverContext, dst: MarshalledPtr, cb: number, seq: number, pattern: number): void {
  const inverted = (pattern & FG_START.INVERT) !== 0
  for (let row = 0, at = 0; at < cb; row++, at += ROW_BYTES) ctx.mem.write(offset(dst, at), renderRow(seq, row, Math.min(ROW_BYTES, cb - at), inverted))
}

export default defineDriver('framegrab.dll', (ctx) => {
  const captures = new Map<number, Capture>()
  let nextOpen = 1

  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function getFrame(c: Capture, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number): boolean {
    if (!pIn || nIn < FG_FRAME_REQUEST_SIZE || !pOut || nOut < FG_FRAME_INFO_SIZE) return fail(ERROR_INVALID_PARAMETER)
    if (!c.running) return fail(ERROR_NOT_READY)
    const req = readRequest(ctx, pIn)
    if (req.cbFrame === 0 || req.cbFrame > MAX_FRAME) return fail(ERROR_INVALID_PARAMETER)
    const opened = ctx.CeOpenCallerBuffer(req.pFrame, req.cbFrame, ARG_O_PTR, false)
    if (FAILED(opened.hr)) return fail(ERROR_INVALID_PARAMETER)
    const seq = c.frames + 1
    try {
      renderFrame(ctx, opened.ptr, req.cbFrame, seq, c.pattern)
    } catch (e) {
      if (!(e instanceof AccessViolation)) throw e
      return fail(ERROR_INVALID_PARAMETER)
    } finally {
      ctx.CeCloseCallerBuffer(opened.ptr, req.pFrame, req.cbFrame, ARG_O_PTR)
    }
    c.frames = seq
    ctx.mem.writeU32(pOut, seq)
    ctx.mem.writeU32(offset(pOut, 4), req.cbFrame)
    return true
  }

  function start(c: Capture, pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < 4) return fail(ERROR_INVALID_PARAMETER)
    const flags = ctx.mem.readU32(pIn)
    if (flags & ~FG_START.ALL) return fail(ERROR_INVALID_PARAMETER)
    c.pattern = flags
    c.running = true
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: () => {
      const h = nextOpen++
      captures.set(h, { running: false, frames: 0, pattern: 0 })
      return h
    },
    Close: (hOpen) => captures.delete(hOpen),
    IOControl(hOpen, code, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) {
      const c = captures.get(hOpen)
      if (!c) return fail(ERROR_INVALID_PARAMETER)
      try {
        switch (code) {
          case IOCTL_FG_START:
            return start(c, pIn, nIn)
          case IOCTL_FG_STOP:
            c.running = false
            return true
          case IOCTL_FG_GET_FRAME:
            return getFrame(c, pIn, nIn, pOut, nOut)
        }
      } catch (e) {
        // The request record or the info block itself on an uncommitted page.
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
      return fail(ERROR_INVALID_PARAMETER)
    },
  }
})
