// The device-side C API set through devapi.dll (devapi/devapi.c): the registry (Reg*W, OpenDeviceKey, DDKReg_*),
// interrupts and KernelIoControl, port and register buffers, debug output (RETAILMSG/DEBUGMSG/ERRORMSG through
// NKDbgPrintfW, wsprintfW, StringCchPrintfW) and the string library, in kernel mode and in a udevice where the
// privileges differ. Runs the committed devapi.wasm: no clang needed.
import { describe, expect, test } from 'vitest'
import {
  ERROR_ACCESS_DENIED,
  ERROR_FILE_NOT_FOUND,
  ERROR_INVALID_PARAMETER,
  ERROR_MORE_DATA,
  ERROR_NOT_SUPPORTED,
  Ev,
  IOCTL_HAL_GET_UUID,
  IOCTL_HAL_REQUEST_SYSINTR,
  SYSINTR_FIRMWARE,
  Uart16550,
  createMachine,
  defineCDriver,
  type CallerProcess,
  type Machine,
} from '../../src/index.js'

const devapi = defineCDriver('devapi.dll', new URL('./devapi/devapi.wasm', import.meta.url))
const ioctl = (n: number) => ((0x8003 << 16) | ((0x900 + n) << 2)) >>> 0
const [REG_QUERY, REG_SET, REG_CREATE, REG_OPEN, RESOURCES, INTERRUPT, OAL, PORTS, PRINT, STRINGS, MEMORY] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(ioctl) as number[]

const HKLM = 0x80000002
const IRQ = 3
const SYSINTR = SYSINTR_FIRMWARE + IRQ
const KEY = 'Drivers\\BuiltIn\\DevApi'
const REGISTRY = `[HKEY_LOCAL_MACHINE\\${KEY}]
"Dll"="devapi.dll"
"Prefix"="DVA"
"Index"=dword:1
"Greeting"="hello"
"Threshold"=dword:2a
"Names"=multi_sz:"ab","c"
"Blob"=hex:01,02,03
"BusNumber"=dword:2
"InterfaceType"=dword:1
"MemBase"=multi_sz:"90000000","90010000"
"MemLen"=multi_sz:"100","1000"
"IoBase"=dword:90020000
"IoLen"=dword:40
"Irq"=dword:${IRQ}
"SysIntr"=dword:${SYSINTR.toString(16)}
"IsrDll"="giisr.dll"
"IsrHandler"="ISRHandler"
`

type Mode = 'kernel' | 'udevice'

async function boot(mode: Mode, extra = '') {
  const registry = REGISTRY + (mode === 'udevice' ? '"Flags"=dword:10\n' : '') + extra
  const m = createMachine({ drivers: [devapi], registry, hardware: [{ base: 0x90000000, device: new Uart16550(), irq: IRQ }] })
  expect(await m.ActivateDeviceEx(KEY)).toMatchObject({ ok: true })
  const app = m.createProcess('app.exe')
  const h = (await app.CreateFile('DVA1:')).handle
  return { m, app, h }
}

/** Little-endian request builder: DWORDs, fixed-size WCHAR and char fields, raw bytes. */
class Req {
  private bytes: number[] = []
  u32(...vs: number[]): this {
    for (const v of vs) for (let i = 0; i < 4; i++) this.bytes.push((v >>> (8 * i)) & 0xff)
    return this
  }
  wstr(s: string, chars: number): this {
    for (let i = 0; i < chars; i++) {
      const c = i < s.length ? s.charCodeAt(i) : 0
      this.bytes.push(c & 0xff, c >>> 8)
    }
    return this
  }
  str(s: string, chars: number): this {
    for (let i = 0; i < chars; i++) this.bytes.push(i < s.length ? s.charCodeAt(i) : 0)
    return this
  }
  raw(b: readonly number[], size: number): this {
    for (let i = 0; i < size; i++) this.bytes.push(b[i] ?? 0)
    return this
  }
  get data(): Uint8Array {
    return new Uint8Array(this.bytes)
  }
}

async function call(app: CallerProcess, h: number, code: number, req: Req, outSize: number) {
  const r = await app.ioctl(h, code, req.data, outSize)
  expect(r.ok, `IOCTL ${code.toString(16)} failed`).toBe(true)
  const dv = new DataView(r.output.buffer, r.output.byteOffset, r.output.byteLength)
  return {
    u32: (at: number) => dv.getUint32(at, true),
    i32: (at: number) => dv.getInt32(at, true),
    bytes: (at: number, n: number) => [...r.output.subarray(at, at + n)],
    wstr: (at: number, max: number) => {
      let s = ''
      for (let i = 0; i < max; i++) {
        const c = dv.getUint16(at + 2 * i, true)
        if (c === 0) break
        s += String.fromCharCode(c)
      }
      return s
    },
    str: (at: number, max: number) => {
      let s = ''
      for (let i = 0; i < max && r.output[at + i]; i++) s += String.fromCharCode(r.output[at + i]!)
      return s
    },
  }
}

/** RegQueryValueEx on the device key (hKey 0) or another handle; cbData 0xFFFFFFFF passes lpData NULL. */
async function query(app: CallerProcess, h: number, name: string, cbData: number, opts: { hKey?: number; noType?: boolean } = {}) {
  const out = await call(app, h, REG_QUERY, new Req().u32(opts.hKey ?? 0, cbData, opts.noType ? 1 : 0).wstr(name, 32), 140)
  return { error: out.u32(0), type: out.u32(4), cb: out.u32(8), data: out.bytes(12, Math.min(out.u32(8), 128)) }
}

const utf16z = (...parts: string[]) => [...Buffer.from(parts.map((p) => p + '\0').join(''), 'utf16le')]
const debugNotes = (m: Machine) =>
  m.trace
    .events()
    .filter((e) => e.kind === Ev.Note && (e.detail as { debug?: string } | undefined)?.debug !== undefined)
    .map((e) => (e.detail as { debug: string; dll: string }).debug)

for (const mode of ['kernel', 'udevice'] as const) {
  describe(`C registry API (${mode})`, () => {
    test('RegQueryValueEx returns each type\'s bytes, the size with lpData NULL, ERROR_MORE_DATA when too small', async () => {
      const { app, h } = await boot(mode)
      expect(await query(app, h, 'Greeting', 64)).toEqual({ error: 0, type: 1, cb: 12, data: utf16z('hello') })
      expect(await query(app, h, 'Threshold', 4)).toEqual({ error: 0, type: 4, cb: 4, data: [0x2a, 0, 0, 0] })
      expect(await query(app, h, 'Names', 64)).toEqual({ error: 0, type: 7, cb: 12, data: utf16z('ab', 'c', '') })
      expect(await query(app, h, 'Blob', 3)).toEqual({ error: 0, type: 3, cb: 3, data: [1, 2, 3] })
      // lpData NULL: the size and type only.
      expect(await query(app, h, 'Greeting', 0xffffffff)).toMatchObject({ error: 0, type: 1, cb: 12 })
      // Too small by one: ERROR_MORE_DATA, the size needed, nothing written; lpType NULL is allowed.
      expect(await query(app, h, 'Greeting', 11)).toEqual({ error: ERROR_MORE_DATA, type: 1, cb: 12, data: new Array(12).fill(0) })
      expect(await query(app, h, 'Threshold', 4, { noType: true })).toMatchObject({ error: 0, type: 0xdead, cb: 4 })
      expect(await query(app, h, 'Missing', 64)).toMatchObject({ error: ERROR_FILE_NOT_FOUND, type: 0xdead, cb: 64 })
    })

    test('RegOpenKeyEx from HKEY_LOCAL_MACHINE and RegCloseKey; a missing key gives ERROR_FILE_NOT_FOUND and NULL', async () => {
      const { app, h } = await boot(mode)
      const open = async (path: string) => {
        const out = await call(app, h, REG_OPEN, new Req().u32(HKLM).wstr(path, 96), 16)
        return { error: out.u32(0), hKey: out.u32(4), queryError: out.u32(8), closeError: out.u32(12) }
      }
      const ok = await open(KEY)
      expect(ok).toMatchObject({ error: 0, queryError: 0, closeError: 0 })
      expect(ok.hKey).not.toBe(0)
      expect(await open('Drivers\\BuiltIn\\Nothing')).toEqual({ error: ERROR_FILE_NOT_FOUND, hKey: 0, queryError: 0, closeError: 0 })
    })

    test('RegSetValueEx and RegCreateKeyEx: written by a kernel driver, refused on the protected driver key in a udevice', async () => {
      const { m, app, h } = await boot(mode)
      const set = async (type: number, name: string, data: number[]) =>
        (await call(app, h, REG_SET, new Req().u32(type, data.length).wstr(name, 32).raw(data, 64), 8)).u32(4)
      const create = async (sub: string) => {
        const out = await call(app, h, REG_CREATE, new Req().u32(0).wstr(sub, 96), 16)
        return { error: out.u32(0), disposition: out.u32(4), setError: out.u32(8), closeError: out.u32(12) }
      }
      if (mode === 'kernel') {
        expect(await set(1, 'Mode', utf16z('fast'))).toBe(0)
        expect(m.registry.openKey(KEY)!.getValue('Mode')).toEqual({ type: 1, data: 'fast' })
        expect(await set(4, 'Count', [7, 0, 0, 0])).toBe(0)
        expect(m.registry.openKey(KEY)!.getValue('Count')).toEqual({ type: 4, data: 7 })
        expect(await set(4, 'Bad', [1, 2])).toBe(ERROR_INVALID_PARAMETER) // a DWORD of 2 bytes
        expect(await create('State')).toEqual({ error: 0, disposition: 1, setError: 0, closeError: 0 })
        expect(await create('State')).toEqual({ error: 0, disposition: 2, setError: 0, closeError: 0 })
        expect(m.registry.openKey(`${KEY}\\State`)!.getValue('Stamp')).toEqual({ type: 4, data: 0x5eed })
      } else {
        expect(await set(1, 'Mode', utf16z('fast'))).toBe(ERROR_ACCESS_DENIED)
        expect(m.registry.openKey(KEY)!.getValue('Mode')).toBeUndefined()
        expect(await create('State')).toMatchObject({ error: ERROR_ACCESS_DENIED })
      }
    })

    test('DDKReg_GetWindowInfo and DDKReg_GetIsrInfo fill the CE6 layouts; a wrong cbSize is ERROR_INVALID_PARAMETER', async () => {
      const { app, h } = await boot(mode)
      const out = await call(app, h, RESOURCES, new Req().u32(116, 268), 392)
      expect(out.u32(0)).toBe(0)
      const wi = 4
      expect([out.u32(wi), out.u32(wi + 4), out.u32(wi + 8)]).toEqual([116, 2, 1]) // cbSize, bus, interface
      expect(out.u32(wi + 12)).toBe(1) // one I/O window
      expect([out.u32(wi + 16), out.u32(wi + 20), out.u32(wi + 24)]).toEqual([0x90020000, 0x40, 0])
      const mem = wi + 16 + 48
      expect(out.u32(mem)).toBe(2)
      expect([out.u32(mem + 4), out.u32(mem + 8), out.u32(mem + 12), out.u32(mem + 16)]).toEqual([0x90000000, 0x100, 0x90010000, 0x1000])
      const ii = 4 + 116
      expect(out.u32(ii)).toBe(0)
      expect([out.u32(ii + 4), out.u32(ii + 8), out.u32(ii + 12)]).toEqual([268, IRQ, SYSINTR])
      expect([out.wstr(ii + 16, 64), out.wstr(ii + 16 + 128, 64)]).toEqual(['giisr.dll', 'ISRHandler'])
      const bad = await call(app, h, RESOURCES, new Req().u32(112, 0), 392)
      expect([bad.u32(0), bad.u32(4 + 116)]).toEqual([ERROR_INVALID_PARAMETER, ERROR_INVALID_PARAMETER])
    })
  })
}

describe('C interrupt and OAL APIs', () => {
  /** hEvent 0: the driver's own IST event (CreateEvent). */
  async function interrupt(app: CallerProcess, h: number, op: number, sysIntr: number, hEvent = 0, arg = 0) {
    const out = await call(app, h, INTERRUPT, new Req().u32(op, sysIntr, hEvent, arg), 8)
    return { ok: out.u32(0), error: out.u32(4) }
  }

  for (const mode of ['kernel', 'udevice'] as const) {
    test(`${mode}: InterruptInitialize binds the key's SYSINTR to an event; Mask, Done, Disable`, async () => {
      const { m, app, h } = await boot(mode)
      expect(await interrupt(app, h, 1, SYSINTR)).toEqual({ ok: 1, error: 0 })
      expect(m.interrupts.isBound(SYSINTR)).toBe(true)
      expect(await interrupt(app, h, 4, SYSINTR, 0, 1)).toEqual({ ok: 1, error: 0 })
      expect(await interrupt(app, h, 2, SYSINTR)).toEqual({ ok: 1, error: 0 })
      expect(await interrupt(app, h, 3, SYSINTR)).toEqual({ ok: 1, error: 0 })
      expect(m.interrupts.isBound(SYSINTR)).toBe(false)
    })
  }

  test('kernel: InterruptInitialize with a handle that is not an event fails with ERROR_INVALID_PARAMETER', async () => {
    const { app, h } = await boot('kernel')
    expect(await interrupt(app, h, 1, SYSINTR, 0x1234)).toEqual({ ok: 0, error: ERROR_INVALID_PARAMETER })
  })

  test('udevice: a SYSINTR that is not the key\'s is refused by the reflector, as for a TypeScript driver', async () => {
    const { m, app, h } = await boot('udevice')
    const r = await interrupt(app, h, 1, SYSINTR + 1)
    expect(r.ok).toBe(0)
    expect(r.error).not.toBe(0)
    expect(m.interrupts.isBound(SYSINTR + 1)).toBe(false)
    const refusals = m.trace.events().filter((e) => e.kind === Ev.Privileged && m.trace.name(e.a) === 'InterruptInitialize' && e.b !== 1)
    expect(refusals.length).toBeGreaterThan(0)
  })

  test('kernel: IOCTL_HAL_REQUEST_SYSINTR through KernelIoControl (stack buffers), then InterruptInitialize', async () => {
    const { m, app, h } = await boot('kernel')
    expect(await interrupt(app, h, 5, 0, 0, IRQ)).toEqual({ ok: 1, error: 0 })
    expect(m.interrupts.isBound(SYSINTR)).toBe(true)
  })

  const oal = async (app: CallerProcess, h: number, code: number, input: number[], nOut: number) => {
    const out = await call(app, h, OAL, new Req().u32(code, 4 * input.length, nOut).u32(...input, ...new Array(4 - input.length).fill(0)), 76)
    return { ok: out.u32(0), error: out.u32(4), returned: out.u32(8), out: [0, 1, 2, 3].map((i) => out.u32(12 + 4 * i)) }
  }

  test('KernelIoControl: IOCTL_HAL_REQUEST_SYSINTR in the kernel; refused in a udevice (not on the allow-list)', async () => {
    const k = await boot('kernel')
    expect(await oal(k.app, k.h, IOCTL_HAL_REQUEST_SYSINTR, [IRQ], 4)).toMatchObject({ ok: 1, error: 0, returned: 4, out: [SYSINTR, 0, 0, 0] })
    const u = await boot('udevice')
    expect(await oal(u.app, u.h, IOCTL_HAL_REQUEST_SYSINTR, [IRQ], 4)).toMatchObject({ ok: 0, error: ERROR_NOT_SUPPORTED, out: [0, 0, 0, 0] })
    // IOCTL_HAL_GET_UUID is on the allow-list: 16 bytes in both modes.
    for (const { app, h } of [k, u]) expect(await oal(app, h, IOCTL_HAL_GET_UUID, [], 16)).toMatchObject({ ok: 1, returned: 16 })
  })
})

describe('C port and register buffers', () => {
  async function ports(app: CallerProcess, h: number, op: number, address: number, count: number, data: number[] = []) {
    const out = await call(app, h, PORTS, new Req().u32(op, address, count).raw(data, 16), 20)
    return { value: out.u32(0), data: out.bytes(4, 16) }
  }

  test('READ/WRITE_PORT_* access one address; the port buffers repeat it, the register buffers advance', async () => {
    const { m, app, h } = await boot('kernel')
    const buf = app.alloc(64)
    app.write(buf, [0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88])
    expect((await ports(app, h, 1, buf + 1, 0)).value).toBe(0x22)
    expect((await ports(app, h, 2, buf + 2, 0)).value).toBe(0x4433)
    expect((await ports(app, h, 3, buf + 4, 0)).value).toBe(0x88776655)
    await ports(app, h, 6, buf + 8, 0, [1, 2, 3, 4])
    await ports(app, h, 5, buf + 12, 0, [5, 6])
    await ports(app, h, 4, buf + 14, 0, [7])
    expect([...app.read(buf + 8, 8)]).toEqual([1, 2, 3, 4, 5, 6, 7, 0])
    // A FIFO port: four reads of one byte; four writes leave the last value.
    expect((await ports(app, h, 7, buf + 1, 4)).data.slice(0, 5)).toEqual([0x22, 0x22, 0x22, 0x22, 0])
    await ports(app, h, 8, buf + 16, 3, [9, 8, 7])
    expect([...app.read(buf + 16, 3)]).toEqual([7, 0, 0])
    expect((await ports(app, h, 9, buf, 3)).data.slice(0, 8)).toEqual([0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0, 0])
    await ports(app, h, 10, buf + 32, 2, [1, 0, 0, 0, 2, 0, 0, 0])
    expect([...app.read(buf + 32, 8)]).toEqual([1, 0, 0, 0, 2, 0, 0, 0])
    // The port buffer read is four traced reads of the same address.
    const reads = m.trace.events().filter((e) => e.kind === Ev.MemRead && e.a === buf + 1)
    expect(reads.length).toBeGreaterThanOrEqual(5)
  })
})

describe('C debug output and formatting', () => {
  async function print(mode: Mode, value: number) {
    const { m, app, h } = await boot(mode)
    const before = debugNotes(m).length
    const out = await call(app, h, PRINT, new Req().u32(value >>> 0, 0xbeef).wstr('probe', 16).str('tg', 8), 192)
    return { notes: debugNotes(m).slice(before), out, all: debugNotes(m) }
  }

  for (const mode of ['kernel', 'udevice'] as const) {
    test(`${mode}: RETAILMSG and DEBUGMSG format through NKDbgPrintfW into the trace; zones and conditions hold`, async () => {
      const { notes, all } = await print(mode, 5)
      expect(notes).toEqual([
        'DEVAPI: probe value=5 (48879) hex=0000BEEF/0xbeef tag=tg\r\n',
        'DEVAPI: [ab    |    cd|Wn|5|209933706461184| 2.50|%]\r\n',
      ])
      // Init's DEBUGMSG (zone 0 on) printed the Active key path and the key handle as %p.
      expect(all[0]).toMatch(/^DEVAPI: Init Drivers\\Active\\\d+ key [0-9A-F]{8}\r\n$/)
    })
  }

  test('ERRORMSG prints the file and line, then the message, when its condition holds', async () => {
    const { notes } = await print('kernel', -3)
    expect(notes.slice(2)).toEqual([expect.stringMatching(/^ERROR: packages\/kernel\/test\/cdriver\/devapi\/devapi\.c line \d+: $/), 'negative value -3\r\n'])
    expect(notes[1]).toContain('|-3|')
  })

  test('wsprintfW, StringCchPrintfW (fits; truncated to cchDest-1 with STRSAFE_E_INSUFFICIENT_BUFFER) and _vsnwprintf', async () => {
    const { out } = await print('udevice', 1)
    expect(out.i32(0)).toBe('probe:48879:beef'.length)
    expect(out.wstr(16, 64)).toBe('probe:48879:beef')
    expect([out.i32(4), out.wstr(16 + 128, 16)]).toEqual([0, '12-34'])
    expect([out.i32(8) >>> 0, out.wstr(16 + 128 + 32, 8)]).toEqual([0x8007007a, 'truncat'])
    // _vsnwprintf(p, 3, "abcdef"): three WCHARs, no NUL, -1.
    expect([out.i32(12), out.wstr(16 + 80, 3)]).toEqual([-1, 'abc'])
  })
})

describe('C string library', () => {
  test('str*/wcs* compare, search, copy and concatenate as the C library does; StringCchCopyW truncates', async () => {
    const { app, h } = await boot('kernel')
    const out = await call(app, h, STRINGS, new Req().str('Hello', 16).str('help', 16).wstr('Hello', 16).wstr('HELLO!', 16), 200)
    const cmp = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => out.i32(4 * i))
    expect(Math.sign(cmp[0]!)).toBe(-1) // "Hello" < "help" ('H' < 'h')
    expect(Math.sign(cmp[1]!)).toBe(-1) // first 3: "Hel" vs "hel"
    expect(Math.sign(cmp[2]!)).toBe(-1) // case-folded: "hello" < "help" ('l' < 'p')
    expect(Math.sign(cmp[3]!)).toBe(1) // L"Hello" > L"HELLO!" ('e' > 'E')
    expect(Math.sign(cmp[4]!)).toBe(1)
    expect(Math.sign(cmp[5]!)).toBe(-1) // case-folded: "hello" is a prefix of "hello!"
    expect([cmp[6], cmp[7]]).toEqual([2, 3]) // strchr 'l' in "Hello", wcsrchr 'l'
    expect([0, 1, 2, 3].map((i) => out.u32(32 + 4 * i))).toEqual([5, 5, 4, 4])
    expect(out.str(48, 40)).toBe('Hello+help')
    expect(out.wstr(88, 40)).toBe('Hello+HELLO!')
    // wcsncpy of 6 from "HELLO!" copies 6 units and no NUL: the 7th and 8th keep memset's 0xAAAA.
    expect(out.bytes(168, 16)).toEqual([...Buffer.from('HELLO!', 'utf16le'), 0xaa, 0xaa, 0xaa, 0xaa])
    expect([out.u32(184) >>> 0, out.wstr(188, 6)]).toEqual([0x8007007a, 'Hell'])
  })
})

describe('C memory APIs beyond VirtualAlloc', () => {
  async function memory(app: CallerProcess, h: number, op: number, a0 = 0, a1 = 0, a2 = 0) {
    const out = await call(app, h, MEMORY, new Req().u32(op, a0, a1, a2), 16)
    return { ok: out.u32(0), error: out.u32(4), value: out.u32(8), value2: out.u32(12) }
  }

  for (const mode of ['kernel', 'udevice'] as const) {
    test(`${mode}: VirtualCopy with PAGE_PHYSICAL maps the UART window; its scratch register reads back what was written`, async () => {
      const { app, h } = await boot(mode)
      expect(await memory(app, h, 1, 0x90000000, 0x100, 0xa5)).toMatchObject({ ok: 1, error: 0, value: 0xa5 })
    })

    test(`${mode}: LocalSize, and the caller's process ids`, async () => {
      const { m, app, h } = await boot(mode)
      // The block's size, which the heap may round up from the 24 bytes asked for (as LocalSize documents).
      const local = await memory(app, h, 3, 24)
      expect(local.ok).toBe(1)
      expect(local.value).toBeGreaterThanOrEqual(24)
      expect(local.value).toBeLessThan(64)
      // The direct caller is app.exe; the VM the driver's thread sees is app.exe's in the kernel (it runs on the
      // caller's thread), the udevice's own in user mode.
      const ids = await memory(app, h, 4)
      expect(ids.value2).toBe(app.id)
      if (mode === 'kernel') expect(ids.value).toBe(app.id)
      else expect(m.processes.get(ids.value)?.name).toMatch(/^udevice/)
    })
  }

  test('udevice: VirtualCopy outside the key\'s windows, and a second CreateStaticMapping of a window, are refused', async () => {
    const { app, h } = await boot('udevice')
    expect(await memory(app, h, 1, 0x90030000, 0x100, 1)).toMatchObject({ ok: 0 })
    expect(await memory(app, h, 2, 0x90000000, 0x100)).toMatchObject({ ok: 1 })
    expect(await memory(app, h, 2, 0x90000000, 0x100)).toMatchObject({ ok: 0 })
  })

  test('kernel: ReadProcessMemory of the caller and LockPagesEx/UnlockPages; LockPagesEx is refused in a udevice', async () => {
    const k = await boot('kernel')
    const buf = k.app.alloc(16)
    k.app.writeU32(buf, 0xfeedf00d)
    expect(await memory(k.app, k.h, 5, buf)).toMatchObject({ ok: 1, value: 0xfeedf00d, value2: 4 })
    const locked = await memory(k.app, k.h, 6, buf, 16)
    expect(locked).toMatchObject({ ok: 1, error: 0 })
    expect(locked.value).not.toBe(0)
    const u = await boot('udevice')
    const ubuf = u.app.alloc(16)
    expect(await memory(u.app, u.h, 6, ubuf, 16)).toMatchObject({ ok: 0, error: ERROR_NOT_SUPPORTED })
  })
})
