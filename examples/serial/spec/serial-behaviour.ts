// serial.dll on the simulated 16550: what an application sees through COM1:. Every test runs twice with the same
// driver code: loaded in the kernel (serial.reg) and in a udevice through the reflector (serial-usermode.reg).
// The body takes the driver: serial.test.ts runs it on the TypeScript serial.dll, examples/serial-c on the C one.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import {
  ERROR_ACCESS_DENIED,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  GENERIC_READ,
  GENERIC_WRITE,
  Ev,
  Uart16550,
  createMachine,
  type CallerProcess,
  type DriverModule,
} from '@cedk/kernel'
import * as io from '../src/ioctls.js'

const regFile = (file: string) => ({ file, text: readFileSync(new URL(`../${file}`, import.meta.url), 'utf8') })
const MODES = [
  { mode: 'kernel mode', reg: regFile('serial.reg') },
  { mode: 'user mode', reg: regFile('serial-usermode.reg') },
]

/** What COM1: does for an application, in both modes, with `serial` as serial.dll. */
export function serialBehaviour(serial: DriverModule): void {
  describe.each(MODES)('serial.dll on a 16550, $mode', ({ mode, reg: REG }) => {
    async function boot() {
      const uart = new Uart16550()
      const m = createMachine({ drivers: [serial], registry: REG, hardware: [{ base: 0x90000000, device: uart, irq: 3 }] })
      const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Serial')
      expect(act.error).toBe('ERROR_SUCCESS')
      const app = m.createProcess('terminal.exe')
      const port = await app.CreateFile('COM1:', GENERIC_READ | GENERIC_WRITE)
      expect(port.ok).toBe(true)
      return { m, uart, app, h: port.handle, hDevice: act.handle }
    }

    async function writeText(app: CallerProcess, h: number, text: string) {
      const buf = app.alloc(Math.max(text.length, 1))
      app.write(buf, text)
      return app.WriteFile(h, buf, text.length)
    }

    async function readText(app: CallerProcess, h: number, n: number) {
      const buf = app.alloc(n)
      const r = await app.ReadFile(h, buf, n)
      return { ...r, text: new TextDecoder('latin1').decode(app.read(buf, r.bytes)) }
    }

    const setTimeouts = (app: CallerProcess, h: number, t: Partial<io.CommTimeouts>) =>
      app.ioctl(h, io.IOCTL_SERIAL_SET_TIMEOUTS, io.encodeTimeouts({ ReadIntervalTimeout: 0, ReadTotalTimeoutMultiplier: 0, ReadTotalTimeoutConstant: 0, WriteTotalTimeoutMultiplier: 0, WriteTotalTimeoutConstant: 0, ...t }))

    test('activation maps the registers and names the device COM1:', async () => {
      const { m } = await boot()
      expect(m.devices()).toMatchObject([{ name: 'COM1', legacyName: 'COM1:', dll: 'serial.dll', state: 'active' }])
      expect(m.udevices.list().map((h) => h.process.name)).toEqual(mode === 'user mode' ? ['udevice.exe'] : [])
    })

    test('the privileged calls are granted: directly in the kernel, by the reflector in user mode', async () => {
      const { m } = await boot()
      const privileged = m.trace.events().filter((e) => e.kind === Ev.Privileged)
      const names = privileged.map((e) => m.trace.name(e.a))
      expect(names).toEqual(expect.arrayContaining(['MmMapIoSpace', 'InterruptInitialize']))
      expect(privileged.every((e) => e.b === 1)).toBe(true)
      const path = mode === 'user mode' ? 'reflector' : 'kernel'
      expect(privileged.filter((e) => m.trace.name(e.a) === 'MmMapIoSpace').map((e) => (e.detail as { path: string }).path)).toEqual([path])
    })

    test('WriteFile sends the bytes on the wire through THR-empty interrupts', async () => {
      const { m, uart, app, h } = await boot()
      const w = await writeText(app, h, 'hello, world: more than one FIFO load of text')
      expect(w).toMatchObject({ ok: true, bytes: 45 })
      await m.advance(10) // let the last FIFO load leave the shift register at 115200 baud
      expect(uart.sentText()).toBe('hello, world: more than one FIFO load of text')
      expect(m.trace.events().some((e) => e.type === 'interrupt')).toBe(true)
    })

    test('bytes the UART receives are returned by ReadFile', async () => {
      const { app, h, uart, m } = await boot()
      uart.inject('abc')
      await m.run()
      expect(await readText(app, h, 10)).toMatchObject({ ok: true, bytes: 3, text: 'abc' })
    })

    test('a blocked ReadFile completes when data arrives', async () => {
      const { app, h, uart, m } = await boot()
      const pending = readText(app, h, 4)
      await m.advance(5)
      uart.inject('ping')
      expect(await pending).toMatchObject({ ok: true, bytes: 4, text: 'ping' })
    })

    test('ReadTotalTimeoutConstant ends a read with no data after that much virtual time', async () => {
      const { app, h, m } = await boot()
      expect((await setTimeouts(app, h, { ReadTotalTimeoutConstant: 50 })).ok).toBe(true)
      const start = m.now
      expect(await readText(app, h, 8)).toMatchObject({ ok: true, bytes: 0 })
      expect(m.now - start).toBe(50)
    })

    test('MAXDWORD interval timeout makes ReadFile return at once', async () => {
      const { app, h, m } = await boot()
      await setTimeouts(app, h, { ReadIntervalTimeout: io.MAXDWORD })
      const start = m.now
      expect(await readText(app, h, 8)).toMatchObject({ ok: true, bytes: 0 })
      expect(m.now).toBe(start)
    })

    test('baud rate IOCTLs: set, get, invalid value, short buffers', async () => {
      const { app, h, uart } = await boot()
      const u32 = (v: number) => new Uint8Array(new Uint32Array([v]).buffer)
      expect((await app.ioctl(h, io.IOCTL_SERIAL_SET_BAUD_RATE, u32(9600))).ok).toBe(true)
      expect(uart.baud).toBe(9600)
      const got = await app.ioctl(h, io.IOCTL_SERIAL_GET_BAUD_RATE, [], 4)
      expect(got).toMatchObject({ ok: true, bytes: 4 })
      expect(new DataView(got.output.buffer).getUint32(0, true)).toBe(9600)
      expect(await app.ioctl(h, io.IOCTL_SERIAL_SET_BAUD_RATE, u32(1))).toMatchObject({ ok: false, lastError: ERROR_INVALID_PARAMETER })
      expect(uart.baud).toBe(9600)
      expect(await app.ioctl(h, io.IOCTL_SERIAL_GET_BAUD_RATE, [], 2)).toMatchObject({ ok: false, lastError: ERROR_INSUFFICIENT_BUFFER })
      expect(await app.ioctl(h, io.IOCTL_SERIAL_SET_BAUD_RATE, [1, 2])).toMatchObject({ ok: false, lastError: ERROR_INSUFFICIENT_BUFFER })
    })

    test('line errors are reported by GET_COMMSTATUS and cleared by reading it', async () => {
      const { app, h, uart, m } = await boot()
      uart.injectError('parity')
      uart.inject('x')
      uart.injectBreak()
      // Two bytes are below the FIFO trigger level (8): they arrive by the character-timeout interrupt, four
      // character times later.
      await m.advance(1)
      const st = await app.ioctl(h, io.IOCTL_SERIAL_GET_COMMSTATUS, [], io.SERIAL_DEV_STATUS_SIZE)
      const v = new DataView(st.output.buffer)
      expect(v.getUint32(0, true) & (io.CE_RXPARITY | io.CE_BREAK)).toBe(io.CE_RXPARITY | io.CE_BREAK)
      expect(v.getUint32(4, true)).toBe(2) // 'x' and the break's 0 byte are queued
      const again = await app.ioctl(h, io.IOCTL_SERIAL_GET_COMMSTATUS, [], io.SERIAL_DEV_STATUS_SIZE)
      expect(new DataView(again.output.buffer).getUint32(0, true)).toBe(0)
    })

    test('PURGE_RXCLEAR drops what was received', async () => {
      const { app, h, uart, m } = await boot()
      uart.inject('stale')
      await m.run()
      expect((await app.ioctl(h, io.IOCTL_SERIAL_PURGE, new Uint8Array(new Uint32Array([io.PURGE_RXCLEAR]).buffer))).ok).toBe(true)
      await setTimeouts(app, h, { ReadIntervalTimeout: io.MAXDWORD })
      expect((await readText(app, h, 8)).bytes).toBe(0)
    })

    test('only one opener may read; a write-only open is allowed alongside', async () => {
      const { app } = await boot()
      expect(await app.CreateFile('COM1:', GENERIC_READ)).toMatchObject({ ok: false, lastError: ERROR_ACCESS_DENIED })
      expect((await app.CreateFile('COM1:', GENERIC_WRITE)).ok).toBe(true)
    })

    test('closing the handle wakes a blocked reader (PreClose), then the reader slot is free', async () => {
      const { app, h, m } = await boot()
      const reader = app.createThread('reader')
      const buf = app.alloc(8)
      const pending = reader.ReadFile(h, buf, 8)
      await m.run()
      expect((await app.CloseHandle(h)).ok).toBe(true)
      expect(await pending).toMatchObject({ ok: false, lastError: ERROR_INVALID_HANDLE })
      expect((await app.CreateFile('COM1:', GENERIC_READ)).ok).toBe(true)
    })

    test('suspend silences the UART and resume restores its interrupts', async () => {
      const { m, uart } = await boot()
      const ier = uart.registers().ier
      await m.suspend()
      expect(uart.registers().ier).toBe(0)
      await m.resume()
      expect(uart.registers().ier).toBe(ier)
    })

    test('deactivation stops the IST and gives back every resource', async () => {
      const { m, app, h, hDevice } = await boot()
      await app.CloseHandle(h)
      expect((await m.DeactivateDevice(hDevice)).ok).toBe(true)
      expect(m.devices()).toEqual([])
      const report = await m.shutdown()
      expect(report.leaks).toEqual([])
      expect(report.hangs).toEqual([])
    })
  })
}
