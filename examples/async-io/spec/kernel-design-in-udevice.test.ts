// What happens to crcasync.dll, the kernel-mode design, when it is loaded in udevice unchanged: CeAllocAsynchronousBuffer
// returns the parameter pointer itself there, the reflector unmaps it when the call returns, and the worker thread's
// write faults (CE6-A06). This is why its conformance runs in kernel mode only, and why crcport.dll exists.
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { GENERIC_READ, GENERIC_WRITE } from '@cedk/kernel'
import { describeDriver } from '@cedk/conformance'
import crcAsync from '../src/crc-async-kernel.js'
import * as io from '../src/ioctls.js'

const registry = { file: 'async-io.reg', text: readFileSync(new URL('../async-io.reg', import.meta.url), 'utf8') }
const text = new TextEncoder().encode('The quick brown fox jumps over the lazy dog')

describeDriver(crcAsync, { registry, modes: ['udevice'] }, ({ test }) => {
  test('moved to udevice unchanged, the worker writes through an unmapped parameter alias: CE6-A06', async ({ caller, device, machine, violations, shutdown }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    const pIn = caller.alloc(text.length)
    caller.write(pIn, text)
    const pOut = caller.alloc(4)
    const r = await caller.DeviceIoControl(h, io.IOCTL_CRC_START, pIn, text.length, pOut, 4)
    expect(r).toSucceed()
    await machine.advance(50)
    expect(caller.readU32(pOut)).toBe(0) // the CRC never arrives
    expect(violations).toViolate('CE6-A06')
    // The worker died on the fault, so neither asynchronous buffer is ever freed: found when the caller exits.
    expect((await shutdown()).filter((v) => v.rule === 'CE6-A02')).toHaveLength(2)
  })
})
