// eventlog.dll's IOCTLs and their request records, in the description language.
import { buffer, ioctl, ptr, struct, u32 } from '@cedk/conformance'

export const IOCTL_EVLOG_APPEND = 0x00228004
export const IOCTL_EVLOG_READ = 0x00228008
export const MAX_TEXT = 96
export const RING_SLOTS = 16

export const EVLOG_APPEND = struct('EVLOG_APPEND', {
  pText: ptr(buffer(MAX_TEXT), { dir: 'in', len: 'cbText' }),
  cbText: u32({ min: 1, max: MAX_TEXT }),
  dwLevel: u32({ min: 0, max: 3 }),
})
export const EVLOG_READ = struct('EVLOG_READ', {
  dwFirstSeq: u32({ min: 0, max: 8 }),
  pBuffer: ptr(buffer(256), { dir: 'out', len: 'cbBuffer' }),
  cbBuffer: u32({ min: 1, max: 256 }),
})
export const EVLOG_SEQ = struct('EVLOG_SEQ', { dwSeq: u32() })
export const EVLOG_COUNT = struct('EVLOG_COUNT', { cbWritten: u32() })

export const eventlogIoctls = [
  ioctl('APPEND', IOCTL_EVLOG_APPEND, { in: EVLOG_APPEND, out: EVLOG_SEQ }),
  ioctl('READ', IOCTL_EVLOG_READ, { in: EVLOG_READ, out: EVLOG_COUNT }),
] as const
