// The checksum engine as applications see it, on plain machines: crcasync.dll in the kernel, crcport.dll in the
// kernel and in udevice (the registry decides; the driver code is the same).
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { DEVFLAGS_LOAD_AS_USERPROC, REG_DWORD, createMachine, type CallerProcess } from '@cedk/kernel'
import crcAsync from '../src/crc-async-kernel.js'
import crcPort from '../src/crc-portable.js'
import { crc32 } from '../src/crc32.js'
import * as io from '../src/ioctls.js'

const registry = { file: 'async-io.reg', text: readFileSync(new URL('../async-io.reg', import.meta.url), 'utf8') }
const bytes = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff)

async function boot(key: string, userMode?: boolean) {
  const m = createMachine({ drivers: [crcAsync, crcPort], registry })
  if (userMode !== undefined) m.registry.openKey(`Drivers\\BuiltIn\\${key}`)!.setValue('Flags', { type: REG_DWORD, data: userMode ? DEVFLAGS_LOAD_AS_USERPROC : 0 })
  const act = await m.ActivateDeviceEx(`Drivers\\BuiltIn\\${key}`)
  expect(act.error).toBe('ERROR_SUCCESS')
  return { m, name: act.device?.legacyName ?? '' }
}

const u32 = (out: Uint8Array) => new DataView(out.buffer, out.byteOffset).getUint32(0, true)

test('crc32 gives the IEEE check value', () => {
  expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
})

describe('crcasync.dll in the kernel', () => {
  test.each([16, 520, 4096])('a %i-byte request completes into the caller buffer after the call returned', async (n) => {
    const { m, name } = await boot('CrcAsync')
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile(name)).handle
    const data = bytes(n, n)
    const pIn = app.alloc(n)
    app.write(pIn, data)
    const pOut = app.alloc(4)
    expect((await app.DeviceIoControl(h, io.IOCTL_CRC_START, pIn, n, pOut, 4)).ok).toBe(true)
    expect((await app.DeviceIoControl(h, io.IOCTL_CRC_WAIT_ALL, 0, 0, 0, 0)).ok).toBe(true)
    expect(app.readU32(pOut)).toBe(crc32(data))
    expect((await m.shutdown()).leaks).toEqual([])
  })

  test('closing the handle with requests pending cancels them and frees their buffers', async () => {
    const { m, name } = await boot('CrcAsync')
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile(name)).handle
    const pIn = app.alloc(64)
    for (let i = 0; i < 3; i++) await app.DeviceIoControl(h, io.IOCTL_CRC_START, pIn, 64, app.alloc(4), 4)
    expect((await app.CloseHandle(h)).ok).toBe(true)
    await m.advance(50)
    expect((await m.shutdown()).leaks).toEqual([])
  })
})

describe.each([false, true])('crcport.dll, user mode: %s', (userMode) => {
  async function submit(app: CallerProcess, h: number, data: Uint8Array) {
    const r = await app.ioctl(h, io.IOCTL_CRC_SUBMIT, data, 4)
    expect(r.ok).toBe(true)
    return Array.from(r.output)
  }

  test('two processes submit, then collect their own results in any order', async () => {
    const { m, name } = await boot('CrcPort', userMode)
    const [a, b] = [m.createProcess('a.exe'), m.createProcess('b.exe')]
    const [ha, hb] = [(await a.CreateFile(name)).handle, (await b.CreateFile(name)).handle]
    const [da, db] = [bytes(3000, 1), bytes(40, 2)]
    const [ia, ib] = [await submit(a, ha, da), await submit(b, hb, db)]
    expect(u32((await b.ioctl(hb, io.IOCTL_CRC_RESULT, ib, 4)).output)).toBe(crc32(db))
    expect(u32((await a.ioctl(ha, io.IOCTL_CRC_RESULT, ia, 4)).output)).toBe(crc32(da))
    expect((await b.ioctl(hb, io.IOCTL_CRC_RESULT, ia, 4)).error).toBe('ERROR_INVALID_PARAMETER') // not b's request
    expect(m.udevices.list().length).toBe(userMode ? 1 : 0)
  })

  test('closing the handle wakes a caller waiting for its result', async () => {
    const { m, name } = await boot('CrcPort', userMode)
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile(name)).handle
    const id = await submit(app, h, bytes(60000, 3))
    const waiting = app.createThread().ioctl(h, io.IOCTL_CRC_RESULT, id, 4)
    await m.advance(1)
    await app.CloseHandle(h)
    expect((await waiting).ok).toBe(false)
    expect((await m.shutdown()).leaks).toEqual([])
  })
})
