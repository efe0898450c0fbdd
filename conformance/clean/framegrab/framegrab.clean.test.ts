// framegrab.dll is a kernel-mode design (its key has no user-mode flag): the generated suite in kernel mode, and a
// frame rendered into a buffer whose last page the application never committed.
import { conformance, describeDriver } from '@cedk/conformance'
import { ERROR_INVALID_PARAMETER, MEM_COMMIT, MEM_RESERVE, PAGE_READWRITE } from '@cedk/kernel'
import { expect } from 'vitest'
import framegrab from './framegrab.js'
import { IOCTL_FG_GET_FRAME, IOCTL_FG_START, framegrabIoctls } from './framegrab-ioctls.js'

const registry = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\FrameGrab]
  "Dll"="framegrab.dll"
  "Prefix"="FGR"
  "Index"=dword:1
`

conformance(framegrab, { registry, ioctls: framegrabIoctls, modes: ['kernel'] })

describeDriver(framegrab, { registry, modes: ['kernel'] }, ({ test }) => {
  test('a frame buffer with an uncommitted tail fails the call cleanly; a committed one is filled', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const flags = caller.alloc(4)
    expect(await caller.DeviceIoControl(h, IOCTL_FG_START, flags, 4, 0, 0)).toSucceed()
    // Two pages reserved, only the first committed: rows past 4096 bytes fault in the driver.
    const frame = caller.VirtualAlloc(0, 0x2000, MEM_RESERVE, PAGE_READWRITE)
    caller.VirtualAlloc(frame, 0x1000, MEM_COMMIT, PAGE_READWRITE)
    const req = caller.alloc(8)
    const info = caller.alloc(8)
    caller.writeU32(req, frame)
    caller.writeU32(req + 4, 0x2000)
    expect(await caller.DeviceIoControl(h, IOCTL_FG_GET_FRAME, req, 8, info, 8)).toFailWith(ERROR_INVALID_PARAMETER)
    caller.writeU32(req + 4, 0x1000)
    expect(await caller.DeviceIoControl(h, IOCTL_FG_GET_FRAME, req, 8, info, 8)).toSucceed()
    expect(caller.readU32(info)).toBe(1)
    expect([...caller.read(frame + 320, 3)]).toEqual([1, 0, 3])
    expect(violations).toHaveNoViolations()
  })
})
