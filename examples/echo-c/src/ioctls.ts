// echo.dll's IOCTL codes and layouts (echo_ioctl.h), for the applications and tests that call ECH1:.
import { ioctl, ptr, buffer, struct, u32, u8 } from '@cedk/conformance'

const ctl = (fn: number) => ((0x8001 << 16) | (fn << 2)) >>> 0

export const IOCTL_ECHO_GET_STATS = ctl(0x801)
export const IOCTL_ECHO_XOR_BUFFER = ctl(0x802)
export const IOCTL_ECHO_PEEK = ctl(0x803)
export const IOCTL_ECHO_PURGE = ctl(0x804)

export const ECHO_STATS = struct('ECHO_STATS', { BytesWritten: u32(), BytesRead: u32(), Queued: u32(), OpenCount: u32() })

export const ECHO_XFORM = struct('ECHO_XFORM', {
  pData: ptr(buffer(64), { dir: 'inout', len: 'cbData' }),
  cbData: u32({ min: 1, max: 64 }),
  Key: u8(),
})

export const echoIoctls = [
  ioctl('GET_STATS', IOCTL_ECHO_GET_STATS, { out: ECHO_STATS }),
  ioctl('XOR_BUFFER', IOCTL_ECHO_XOR_BUFFER, { in: ECHO_XFORM }),
] as const
