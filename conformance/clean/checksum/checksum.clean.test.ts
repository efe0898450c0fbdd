// checksum.dll in both modes, and the request whose digest pointer the application aimed into the request itself.
import { conformance, describeDriver } from '@cedk/conformance'
import { expect } from 'vitest'
import checksum from './checksum.js'
import { IOCTL_CKS_DIGEST, checksumIoctls } from './checksum-ioctls.js'
import { crc32 } from './digests.js'

const registry = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Checksum]
  "Dll"="checksum.dll"
  "Prefix"="CKS"
  "Index"=dword:1
`

conformance(checksum, { registry, ioctls: checksumIoctls })

describeDriver(checksum, { registry }, ({ test }) => {
  test('a digest pointer aimed at the request record overwrites the record, and breaks no rule', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const data = caller.alloc(8)
    caller.write(data, 'firmware')
    const req = caller.alloc(16)
    caller.writeU32(req, data)
    caller.writeU32(req + 4, 8)
    caller.writeU32(req + 8, req) // pDigest: the request record itself
    caller.writeU32(req + 12, 16)
    expect(await caller.DeviceIoControl(h, IOCTL_CKS_DIGEST, req, 16, 0, 0)).toSucceed()
    expect(caller.readU32(req)).toBe(crc32(new TextEncoder().encode('firmware')))
    expect(caller.readU32(req + 12)).toBe(8)
    expect(violations).toHaveNoViolations()
  })

  test('a data pointer aimed at the request record digests the record, and breaks no rule', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const req = caller.alloc(32)
    caller.writeU32(req, req) // pData: the request record itself
    caller.writeU32(req + 4, 16)
    caller.writeU32(req + 8, req + 16)
    caller.writeU32(req + 12, 16)
    const record = caller.read(req, 16)
    expect(await caller.DeviceIoControl(h, IOCTL_CKS_DIGEST, req, 16, 0, 0)).toSucceed()
    expect(caller.readU32(req + 16)).toBe(crc32(record))
    expect(violations).toHaveNoViolations()
  })
})
