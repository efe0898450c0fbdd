// ringbuf.dll: the generated suite with plain sizes and with the buffers described, in both modes.
import { bytes, conformance, ioctl, struct, u32 } from '@cedk/conformance'
import ringbuf, { IOCTL_RING_READ, IOCTL_RING_STATUS, IOCTL_RING_WRITE } from './ringbuf.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\RingBuf]
"Dll"="ringbuf.dll"
"Prefix"="RNG"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const DATA = struct('RING_DATA', { data: bytes(32) })
const TAKEN = struct('RING_TAKEN', { cbTaken: u32() })
const STATUS = struct('RING_STATUS', { cbUsed: u32(), cbFree: u32() })

conformance(ringbuf, {
  registry,
  ioctls: [
    { name: 'WRITE', code: IOCTL_RING_WRITE, inSize: 32, outSize: 4 },
    { name: 'READ', code: IOCTL_RING_READ, inSize: 0, outSize: 32 },
    { name: 'STATUS', code: IOCTL_RING_STATUS, inSize: 0, outSize: 8 },
  ],
})

conformance(ringbuf, {
  registry,
  numRuns: 12,
  ioctls: [
    ioctl('WRITE', IOCTL_RING_WRITE, { in: DATA, out: TAKEN }),
    ioctl('READ', IOCTL_RING_READ, { out: DATA }),
    ioctl('STATUS', IOCTL_RING_STATUS, { out: STATUS }),
  ],
})
