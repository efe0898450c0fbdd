// pathcache.dll: the generated suite with plain sizes and with the requests described, in both modes.
import { buffer, conformance, ioctl, ptr, struct, u32 } from '@cedk/conformance'
import pathcache, { IOCTL_PC_ADD, IOCTL_PC_LOOKUP, MAX_CHARS } from './pathcache.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\PathCache]
"Dll"="pathcache.dll"
"Prefix"="PCH"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
// cbName: bytes of the wide-character name; valid calls use even lengths (an odd one is refused as a bad request).
const NAME = { pName: ptr(buffer(2 * MAX_CHARS), { dir: 'in', len: 'cbName' }), cbName: u32({ min: 1, max: 2 * MAX_CHARS }) }
const ADD = struct('PC_ADD', { ...NAME, dwCluster: u32() })
const LOOKUP = struct('PC_LOOKUP', NAME)
const CLUSTER = struct('PC_CLUSTER', { dwCluster: u32() })

conformance(pathcache, {
  registry,
  ioctls: [
    { name: 'ADD', code: IOCTL_PC_ADD, inSize: 12, outSize: 0 },
    { name: 'LOOKUP', code: IOCTL_PC_LOOKUP, inSize: 8, outSize: 4 },
  ],
})

conformance(pathcache, {
  registry,
  numRuns: 12,
  ioctls: [ioctl('ADD', IOCTL_PC_ADD, { in: ADD }), ioctl('LOOKUP', IOCTL_PC_LOOKUP, { in: LOOKUP, out: CLUSTER })],
})
