// The checksum engine against the CE6 rules. crcasync.dll (asynchronous buffers, completion on a worker thread) is a
// kernel-mode design and is checked in kernel mode only (kernel-design-in-udevice.test.ts shows what udevice does to
// it); crcport.dll, the portable rewrite, is checked in both modes.
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { GENERIC_READ, GENERIC_WRITE, type CallerProcess } from '@cedk/kernel'
import { conformance, describeDriver } from '@cedk/conformance'
import crcAsync from '../src/crc-async-kernel.js'
import crcPort from '../src/crc-portable.js'
import { crc32 } from '../src/crc32.js'
import * as io from '../src/ioctls.js'

const registry = { file: 'async-io.reg', text: readFileSync(new URL('../async-io.reg', import.meta.url), 'utf8') }
const text = new TextEncoder().encode('The quick brown fox jumps over the lazy dog')

conformance(crcAsync, {
  registry,
  modes: ['kernel'],
  ioctls: [
    { name: 'CRC_START', code: io.IOCTL_CRC_START, inSize: 64, outSize: 4 },
    { name: 'CRC_WAIT_ALL', code: io.IOCTL_CRC_WAIT_ALL, inSize: 0, outSize: 0 },
  ],
})

conformance(crcPort, {
  registry,
  ioctls: [
    { name: 'CRC_SUBMIT', code: io.IOCTL_CRC_SUBMIT, inSize: 64, outSize: 4 },
    { name: 'CRC_RESULT', code: io.IOCTL_CRC_RESULT, inSize: 4, outSize: 4, input: [1, 0, 0, 0] },
  ],
})

/** IOCTL_CRC_START with buffers the caller keeps until the request completes. */
async function start(caller: CallerProcess, h: number, data: Uint8Array) {
  const pIn = caller.alloc(data.length)
  caller.write(pIn, data)
  const pOut = caller.alloc(4)
  const r = await caller.DeviceIoControl(h, io.IOCTL_CRC_START, pIn, data.length, pOut, 4)
  return { r, pOut }
}

describeDriver(crcAsync, { registry, modes: ['kernel'] }, ({ test }) => {
  test('the CRC reaches the caller from the worker thread, after the call returned', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    const { r, pOut } = await start(caller, h, text)
    expect(r).toSucceed()
    expect(caller.readU32(pOut)).toBe(0) // not yet: the engine is still running
    expect(await caller.DeviceIoControl(h, io.IOCTL_CRC_WAIT_ALL, 0, 0, 0, 0)).toSucceed()
    expect(caller.readU32(pOut)).toBe(0x414fa339)
    expect(violations).toHaveNoViolations()
  })
})

describeDriver(crcPort, { registry }, ({ test }) => {
  test('submit returns an id at once; the result call waits for the worker and returns the CRC', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    const ids = []
    for (const chunk of [text, text.subarray(4)]) {
      const s = await caller.ioctl(h, io.IOCTL_CRC_SUBMIT, chunk, 4)
      expect(s).toSucceed()
      ids.push(Array.from(s.output))
    }
    const crcs = []
    for (const id of ids) {
      const got = await caller.ioctl(h, io.IOCTL_CRC_RESULT, id, 4)
      expect(got).toSucceed()
      crcs.push(new DataView(got.output.buffer, got.output.byteOffset).getUint32(0, true))
    }
    expect(crcs).toEqual([crc32(text), crc32(text.subarray(4))])
    expect(await caller.ioctl(h, io.IOCTL_CRC_RESULT, ids[0]!, 4)).toFailWith('ERROR_INVALID_PARAMETER') // already collected
    expect(violations).toHaveNoViolations()
  })

  test('a caller that exits with requests pending leaves nothing behind', async ({ caller, device, shutdown }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    expect(await caller.ioctl(h, io.IOCTL_CRC_SUBMIT, text, 4)).toSucceed()
    await caller.exit()
    expect(await shutdown()).toHaveNoViolations()
  })
})
