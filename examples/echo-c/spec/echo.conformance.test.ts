// echo.dll, written in C and run as wasm32 on the machine, against the CE6 driver rules in kernel mode and in
// udevice: the generated conformance suite, then the team's own checks with the framework's fixtures.
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'
import { GENERIC_READ, GENERIC_WRITE, type CallerProcess } from '@cedk/kernel'
import { conformance, decode, describeDriver } from '@cedk/conformance'
import echo from '../src/echo.js'
import * as io from '../src/ioctls.js'

const registry = { file: 'echo.reg', text: readFileSync(new URL('../echo.reg', import.meta.url), 'utf8') }
const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)

conformance(echo, { registry, ioctls: io.echoIoctls })

async function stats(caller: CallerProcess, h: number) {
  const r = await caller.ioctl(h, io.IOCTL_ECHO_GET_STATS, [], 16)
  expect(r).toSucceed()
  return decode(io.ECHO_STATS, r.output)
}

describeDriver(echo, { registry }, ({ test }) => {
  test('what one WriteFile queues, the next ReadFile returns, in order', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    const buf = caller.alloc(32)
    caller.write(buf, 'hello, ')
    expect(await caller.WriteFile(h, buf, 7)).toSucceed()
    caller.write(buf, 'world')
    expect(await caller.WriteFile(h, buf, 5)).toSucceed()
    const out = caller.alloc(32)
    const r = await caller.ReadFile(h, out, 32)
    expect(r).toSucceed()
    expect(r.bytes).toBe(12)
    expect(text(caller.read(out, 12))).toBe('hello, world')
    expect(await stats(caller, h)).toEqual({ BytesWritten: 12, BytesRead: 12, Queued: 0, OpenCount: 1 })
    expect(violations).toHaveNoViolations()
  })

  test('PEEK copies the queue without consuming it; PURGE empties it', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    const buf = caller.alloc(8)
    caller.write(buf, 'abcdef')
    expect(await caller.WriteFile(h, buf, 6)).toSucceed()
    const peek = await caller.ioctl(h, io.IOCTL_ECHO_PEEK, [], 4)
    expect(peek).toSucceed()
    expect(text(peek.output)).toBe('abcd')
    expect((await stats(caller, h)).Queued).toBe(6)
    expect(await caller.ioctl(h, io.IOCTL_ECHO_PURGE, [], 0)).toSucceed()
    expect((await stats(caller, h)).Queued).toBe(0)
    expect(violations).toHaveNoViolations()
  })

  test('XOR_BUFFER scrambles the caller buffer its embedded pointer names, through CeOpenCallerBuffer', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    const data = caller.alloc(16)
    caller.write(data, bytes('secret'))
    const req = new Uint8Array(12)
    const dv = new DataView(req.buffer)
    dv.setUint32(0, data, true)
    dv.setUint32(4, 6, true)
    req[8] = 0x20
    expect(await caller.ioctl(h, io.IOCTL_ECHO_XOR_BUFFER, req, 0)).toSucceed()
    expect(text(caller.read(data, 6))).toBe('SECRET')
    expect(violations).toHaveNoViolations()
  })

  test('an unknown IOCTL fails with ERROR_NOT_SUPPORTED', async ({ caller, device }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ)).handle
    expect(await caller.ioctl(h, 0x80012ffc, [], 0)).toFailWith('ERROR_NOT_SUPPORTED')
  })

  test('the driver leaks nothing once the handle is closed and the device goes', async ({ caller, device, shutdown }) => {
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    expect(await caller.CloseHandle(h)).toSucceed()
    expect(await shutdown()).toHaveNoViolations()
  })
})
