// keystore.dll: the generated suite with plain sizes and with the request described, in both modes.
import { conformance, ioctl, ptr, buffer, struct, u32 } from '@cedk/conformance'
import keystore, { IOCTL_KS_GET, IOCTL_KS_PUT, MAX_KEY, MAX_VALUE } from './keystore.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\KeyStore]
"Dll"="keystore.dll"
"Prefix"="KVS"
"Index"=dword:1
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const REQUEST = struct('KS_REQUEST', {
  pKey: ptr(buffer(MAX_KEY), { dir: 'in', len: 'cbKey' }),
  cbKey: u32({ min: 1, max: MAX_KEY }),
  pValue: ptr(buffer(MAX_VALUE), { dir: 'inout', len: 'cbValue' }),
  cbValue: u32({ min: 0, max: MAX_VALUE }),
})
const LENGTH = struct('KS_LENGTH', { cb: u32() })

conformance(keystore, {
  registry,
  ioctls: [
    { name: 'PUT', code: IOCTL_KS_PUT, inSize: 16, outSize: 0 },
    { name: 'GET', code: IOCTL_KS_GET, inSize: 16, outSize: 4 },
  ],
})

conformance(keystore, {
  registry,
  numRuns: 12,
  ioctls: [ioctl('PUT', IOCTL_KS_PUT, { in: REQUEST }), ioctl('GET', IOCTL_KS_GET, { in: REQUEST, out: LENGTH })],
})
