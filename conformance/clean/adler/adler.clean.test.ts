// adler.dll: the generated suite with plain sizes and with the chunk request described, in both modes.
import { buffer, conformance, ioctl, ptr, struct, u32 } from '@cedk/conformance'
import adler, { IOCTL_SUM_FINAL, IOCTL_SUM_UPDATE } from './adler.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Adler]
"Dll"="adler.dll"
"Prefix"="ADL"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const CHUNK = struct('SUM_CHUNK', { pChunk: ptr(buffer(128), { dir: 'in', len: 'cbChunk' }), cbChunk: u32({ min: 0, max: 128 }) })
const RESULT = struct('SUM_RESULT', { dwAdler: u32() })

conformance(adler, {
  registry,
  ioctls: [
    { name: 'UPDATE', code: IOCTL_SUM_UPDATE, inSize: 8, outSize: 0 },
    { name: 'FINAL', code: IOCTL_SUM_FINAL, inSize: 0, outSize: 4 },
  ],
})

conformance(adler, {
  registry,
  numRuns: 12,
  ioctls: [ioctl('UPDATE', IOCTL_SUM_UPDATE, { in: CHUNK }), ioctl('FINAL', IOCTL_SUM_FINAL, { out: RESULT })],
})
