// cipher.dll: the generated suite with plain sizes and with the request described, in both modes.
import { buffer, bytes, conformance, ioctl, ptr, struct, u32 } from '@cedk/conformance'
import cipher, { IOCTL_CIPHER_APPLY, IOCTL_CIPHER_SET_KEY, KEY_SIZE } from './cipher.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Cipher]
"Dll"="cipher.dll"
"Prefix"="CPH"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const SET_KEY = struct('CIPHER_KEY', { dwKeyIndex: u32({ min: 0, max: 3 }), key: bytes(KEY_SIZE) })
const APPLY = struct('CIPHER_APPLY', { pData: ptr(buffer(64), { dir: 'inout', len: 'cbData' }), cbData: u32({ min: 0, max: 64 }), dwKeyIndex: u32({ min: 0, max: 3 }) })

conformance(cipher, {
  registry,
  ioctls: [
    { name: 'SET_KEY', code: IOCTL_CIPHER_SET_KEY, inSize: 4 + KEY_SIZE, outSize: 0 },
    // A NULL pData with cbData 0 in the plain scenario: nothing to scramble, success.
    { name: 'APPLY', code: IOCTL_CIPHER_APPLY, inSize: 12, outSize: 0 },
  ],
})

conformance(cipher, {
  registry,
  numRuns: 12,
  ioctls: [ioctl('SET_KEY', IOCTL_CIPHER_SET_KEY, { in: SET_KEY }), ioctl('APPLY', IOCTL_CIPHER_APPLY, { in: APPLY })],
})
