// framegrab.dll's IOCTLs and records, in the description language.
import { buffer, flagsOf, ioctl, ptr, struct, u32 } from '@cedk/conformance'

export const IOCTL_FG_START = 0x0022c004
export const IOCTL_FG_STOP = 0x0022c008
export const IOCTL_FG_GET_FRAME = 0x0022c00c
export const MAX_FRAME = 8192
export const ROW_BYTES = 320
export const FG_FRAME_REQUEST_SIZE = 8
export const FG_FRAME_INFO_SIZE = 8
export const FG_START = { INVERT: 0x1, TIMESTAMP: 0x2, ALL: 0x3 } as const

export const FG_START_PARAMS = struct('FG_START_PARAMS', { dwFlags: flagsOf('u32', { FG_INVERT: FG_START.INVERT, FG_TIMESTAMP: FG_START.TIMESTAMP }) })
export const FG_FRAME_REQUEST = struct('FG_FRAME_REQUEST', {
  pFrame: ptr(buffer(MAX_FRAME), { dir: 'out', len: 'cbFrame' }),
  cbFrame: u32({ min: 1, max: MAX_FRAME }),
})
export const FG_FRAME_INFO = struct('FG_FRAME_INFO', { dwSeq: u32(), cbWritten: u32() })

export const framegrabIoctls = [
  ioctl('START', IOCTL_FG_START, { in: FG_START_PARAMS }),
  ioctl('STOP', IOCTL_FG_STOP),
  ioctl('GET_FRAME', IOCTL_FG_GET_FRAME, { in: FG_FRAME_REQUEST, out: FG_FRAME_INFO }),
] as const
