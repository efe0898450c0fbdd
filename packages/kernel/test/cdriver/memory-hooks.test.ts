// The memory hooks of a C driver (cdriver/memory-hooks.ts), through probe.dll (probe/probe.c): every load and store
// width, sign extension, unaligned and page-crossing accesses, faults with and without CeTryCall, and the DLL's
// globals, one copy per process that loads it. Runs the committed probe.wasm: no clang needed.
import { describe, expect, test } from 'vitest'
import { Ev, Uart16550, createMachine, defineCDriver, type CallerProcess } from '../../src/index.js'

const probe = defineCDriver('probe.dll', new URL('./probe/probe.wasm', import.meta.url))
const IOCTL_PROBE_ACCESS = ((0x8002 << 16) | (0x900 << 2)) >>> 0
const IOCTL_PROBE_INITS = ((0x8002 << 16) | (0x901 << 2)) >>> 0
const IOCTL_PROBE_MAP = ((0x8002 << 16) | (0x902 << 2)) >>> 0
const GUARDED = 0x100

const key = (name: string, extra = '') => `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\${name}]
"Dll"="probe.dll"  "Prefix"="PRB"  "Index"=dword:${name.slice(-1)}  ${extra}
`

async function boot(registry: string, keys: string[], uart?: Uart16550) {
  const m = createMachine({ drivers: [probe], registry, hardware: uart ? [{ base: 0x90000000, device: uart, irq: 3 }] : [] })
  for (const k of keys) expect(await m.ActivateDeviceEx(`Drivers\\BuiltIn\\${k}`)).toMatchObject({ ok: true })
  const app = m.createProcess('app.exe')
  return { m, app }
}

/** One access by the driver; the 64-bit value it loaded (as C converted it) and the exception CeTryCall caught. */
async function access(app: CallerProcess, h: number, op: number, address: number, value = 0n) {
  const req = new Uint8Array(16)
  const dv = new DataView(req.buffer)
  dv.setUint32(0, op, true)
  dv.setUint32(4, address >>> 0, true)
  dv.setBigUint64(8, BigInt.asUintN(64, value), true)
  const r = await app.ioctl(h, IOCTL_PROBE_ACCESS, req, 12)
  const out = new DataView(r.output.buffer, r.output.byteOffset, r.output.byteLength)
  return { r, value: r.ok ? out.getBigUint64(0, true) : 0n, exception: r.ok ? out.getUint32(8, true) : 0 }
}

describe('C memory hooks, kernel mode (the driver sees the caller\'s VM)', () => {
  async function setup() {
    const { m, app } = await boot(key('Probe1'), ['Probe1'])
    const h = (await app.CreateFile('PRB1:')).handle
    const buf = app.alloc(8192)
    return { m, app, h, buf }
  }

  test('loads of every width, zero- and sign-extended as C converts them', async () => {
    const { app, h, buf } = await setup()
    app.write(buf, [0x80, 0xff, 0x34, 0x12, 0x78, 0x56, 0x34, 0x12])
    expect((await access(app, h, 1, buf)).value).toBe(0x80n)
    expect((await access(app, h, 2, buf)).value).toBe(0xffffffffffffff80n)
    expect((await access(app, h, 3, buf)).value).toBe(0xff80n)
    expect((await access(app, h, 4, buf)).value).toBe(0xffffffffffffff80n)
    expect((await access(app, h, 5, buf + 2)).value).toBe(0x56781234n)
    expect((await access(app, h, 6, buf)).value).toBe(0x123456781234ff80n)
    const f = new DataView(new ArrayBuffer(12))
    f.setFloat32(0, 2.5, true)
    f.setFloat64(4, -6.25, true)
    app.write(buf + 16, new Uint8Array(f.buffer))
    expect((await access(app, h, 7, buf + 16)).value).toBe(10n) // 2.5 * 4
    expect((await access(app, h, 8, buf + 20)).value).toBe(BigInt.asUintN(64, -25n)) // unaligned f64
  })

  test('stores of every width write exactly their bytes', async () => {
    const { app, h, buf } = await setup()
    app.write(buf, new Uint8Array(16).fill(0xee))
    await access(app, h, 11, buf, 0x1234n)
    expect([...app.read(buf, 2)]).toEqual([0x34, 0xee])
    await access(app, h, 13, buf + 3, 0xabcdn) // unaligned
    expect([...app.read(buf + 2, 4)]).toEqual([0xee, 0xcd, 0xab, 0xee])
    await access(app, h, 15, buf + 8, 0x11223344n)
    await access(app, h, 16, buf + 12, 0x0102030405060708n) // overlaps the next 4 bytes of the caller's
    expect([...app.read(buf + 8, 12)]).toEqual([0x44, 0x33, 0x22, 0x11, 8, 7, 6, 5, 4, 3, 2, 1])
    await access(app, h, 17, buf, 10n)
    expect(new DataView(app.read(buf, 4).buffer).getFloat32(0, true)).toBe(2.5)
    await access(app, h, 18, buf + 1, 10n)
    expect(new DataView(app.read(buf + 1, 8).slice().buffer).getFloat64(0, true)).toBe(2.5)
  })

  test('accesses that cross a page boundary split across both pages', async () => {
    const { app, h, buf } = await setup()
    const edge = ((buf + 4096) & ~0xfff) >>> 0 // a page boundary inside the 8 KiB
    app.write(edge - 3, [1, 2, 3, 4, 5, 6, 7, 8])
    expect((await access(app, h, 5, edge - 2)).value).toBe(0x05040302n)
    expect((await access(app, h, 6, edge - 3)).value).toBe(0x0807060504030201n)
    await access(app, h, 15, edge - 1, 0xa1b2c3d4n)
    expect([...app.read(edge - 1, 4)]).toEqual([0xd4, 0xc3, 0xb2, 0xa1])
  })

  test('a fault escapes the entry point without CeTryCall, and is caught with it; the driver keeps working', async () => {
    const { m, app, h, buf } = await setup()
    const unmapped = 0x5fff0000
    const bare = await access(app, h, 5, unmapped)
    expect(bare.r).toMatchObject({ ok: false, error: 'ERROR_INVALID_PARAMETER' }) // the device manager caught it
    const ev = m.trace.events().filter((e) => e.kind === Ev.DriverException)
    expect(ev.map((e) => (e.detail as { error: string }).error)).toEqual([expect.stringMatching(/AccessViolation: .*0x5FFF0000/)])
    // The module keeps its name section: the stack names the C functions.
    expect((ev[0]!.detail as { stack: string }).stack).toMatch(/at Access .*\n\s+at PRB_IOControl /)
    const caught = await access(app, h, 5 | GUARDED, unmapped)
    expect(caught.r.ok).toBe(true)
    expect(caught.exception).toBe(0xc0000005)
    const store = await access(app, h, 15 | GUARDED, 0x80001000, 1n) // a kernel address is mapped nowhere here
    expect(store.exception).toBe(0xc0000005)
    app.write(buf, [9, 0, 0, 0])
    expect((await access(app, h, 5 | GUARDED, buf)).value).toBe(9n) // the C stack was put back each time
  })
})

describe('C memory hooks, user mode (udevice)', () => {
  test('kernel and unmapped addresses fault in the udevice, and CeTryCall catches them', async () => {
    const { app } = await boot(key('Probe1', '"Flags"=dword:10'), ['Probe1'])
    const h = (await app.CreateFile('PRB1:')).handle
    expect((await access(app, h, 5 | GUARDED, 0xd0000000)).exception).toBe(0xc0000005)
    expect((await access(app, h, 11 | GUARDED, 0x5fff0000, 1n)).exception).toBe(0xc0000005)
    expect(await access(app, h, 1, 0x5fff0000)).toMatchObject({ r: { ok: false, error: 'ERROR_INVALID_PARAMETER' } })
  })
})

test("the DLL's globals: one copy per process that loads it", async () => {
  const registry = [key('Probe1'), key('Probe2'), key('Probe3', '"Flags"=dword:10  "UserProcGroup"=dword:3'), key('Probe4', '"Flags"=dword:10  "UserProcGroup"=dword:3'), key('Probe5', '"Flags"=dword:10')].join('\n')
  const { app } = await boot(registry, ['Probe1', 'Probe2', 'Probe3', 'Probe4', 'Probe5'])
  const inits = async (dev: string) => {
    const h = (await app.CreateFile(dev)).handle
    return new DataView((await app.ioctl(h, IOCTL_PROBE_INITS, [], 4)).output.buffer).getUint32(0, true)
  }
  // Two kernel-mode devices share nk.exe's copy; two in udevice group 3 share that udevice's; a private one has its own.
  expect([await inits('PRB1:'), await inits('PRB2:'), await inits('PRB3:'), await inits('PRB4:'), await inits('PRB5:')]).toEqual([2, 2, 2, 2, 1])
})

describe('device registers through ceddk (MmMapIoSpace, then volatile accesses)', () => {
  const u32s = (...v: number[]) => new Uint8Array(new Uint32Array(v).buffer)
  const window = '"IoBase"=dword:90000000  "IoLen"=dword:8'

  for (const [mode, flags] of [['kernel', ''], ['udevice', '"Flags"=dword:10']] as const) {
    test(`${mode} mode: the C driver programs the UART's divisor through its registers`, async () => {
      const uart = new Uart16550()
      const { app } = await boot(key('Probe1', `${window}  ${flags}`), ['Probe1'], uart)
      const h = (await app.CreateFile('PRB1:')).handle
      const map = await app.ioctl(h, IOCTL_PROBE_MAP, u32s(0x90000000, 8), 4)
      expect(map.ok).toBe(true)
      const regs = new DataView(map.output.buffer).getUint32(0, true)
      for (const [reg, v] of [[3, 0x83], [0, 12], [1, 0], [3, 0x03]] as const) await access(app, h, 11, regs + reg, BigInt(v)) // LCR.DLAB, DLL, DLM, 8N1
      expect(uart.baud).toBe(9600)
      expect((await access(app, h, 1, regs + 3)).value).toBe(3n) // LCR reads back
      if (mode === 'udevice') {
        const outside = await app.ioctl(h, IOCTL_PROBE_MAP, u32s(0x90001000, 8), 4)
        expect(outside).toMatchObject({ ok: false, error: 'ERROR_INVALID_PARAMETER' }) // the reflector: only the key's window
      }
    })
  }
})
