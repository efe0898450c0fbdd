// A C bus driver loading its children (ActivateDeviceEx / DeactivateDevice from C), through slotbus.dll
// (slotbus/slotbus.c): each card's Init sees the REGINI values the bus gave (a DWORD and a string) in its Active key,
// the bus gets the children's handles, and its Deinit unloads them — in kernel mode, and in a udevice where the
// machine lets a udevice activate with REGINI values.
import { describe, expect, test } from 'vitest'
import { ERROR_NOT_SUPPORTED, createMachine, defineCDriver, defineDriver, type ParamPtr } from '../../src/index.js'

const slotbus = defineCDriver('slotbus.dll', new URL('./slotbus/slotbus.wasm', import.meta.url))
const CHILD = ((0x8006 << 16) | (0x900 << 2)) >>> 0
const TABLE = ((0x8006 << 16) | (0x901 << 2)) >>> 0
const HKEY_LOCAL_MACHINE = 0x80000002

function cardDriver(seen: unknown[]) {
  return defineDriver('card.dll', (ctx) => ({
    Init: (pContext: unknown) => {
      const active = ctx.RegOpenKeyEx(HKEY_LOCAL_MACHINE, String(pContext))
      seen.push([ctx.RegQueryValueEx(active.hKey, 'SlotNumber').value, ctx.RegQueryValueEx(active.hKey, 'FriendlyName').value])
      ctx.RegCloseKey(active.hKey)
      return 1
    },
    Deinit: () => true,
    Open: () => 1,
    Close: () => true,
    // IOCTL 1: which slot is device handle *pIn in? Asked through the bus's interface (its function table).
    IOControl: async (_h: number, _code: number, pIn: ParamPtr, _nIn: number, pOut: ParamPtr, _nOut: number, pRet: ParamPtr) => {
      const hBus = await ctx.CreateFile('BUS1:', 0xc0000000)
      const buf = ctx.LocalAlloc(0, 4)
      const got = await ctx.DeviceIoControl(hBus, TABLE, 0, 0, buf, 4, 0)
      const slot = got ? ctx.callFunctionTable(ctx.mem.readU32(buf), 'SlotOf', ctx.mem.readU32(pIn)) : undefined
      ctx.LocalFree(buf)
      await ctx.CloseHandle(hBus)
      if (typeof slot !== 'number') return false
      ctx.mem.writeU32(pOut, slot)
      if (pRet) ctx.mem.writeU32(pRet, 4)
      return true
    },
  }))
}

const KEYS = (flags: string) => `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Bus]
"Dll"="slotbus.dll"  "Prefix"="BUS"  "Index"=dword:1  ${flags}
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Card]
"Dll"="card.dll"  "Prefix"="CRD"
`
const USER_MODE = '"Flags"=dword:10  "UserProcGroup"=dword:3'
const u32 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true)
const cards = (m: ReturnType<typeof createMachine>) => m.devices().filter((d) => d.name?.startsWith('CRD'))

describe('a C bus driver activating its children', () => {
  test.each([
    ['kernel mode', '', {}],
    ["a udevice, on a machine that trusts udevices' activations", USER_MODE, { udeviceActivation: 'trusted' as const }],
  ])("%s: each card's Init sees the bus's REGINI values; the bus holds their handles and unloads them in Deinit", async (_what, flags, options) => {
    const seen: unknown[] = []
    const m = createMachine({ drivers: [slotbus, cardDriver(seen)], registry: KEYS(flags), ...options })
    const bus = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Bus')
    expect(bus.ok).toBe(true)
    expect(seen).toEqual([
      [{ type: 4, data: 0 }, { type: 1, data: 'Slot A' }],
      [{ type: 4, data: 1 }, { type: 1, data: 'Slot B' }],
    ])
    expect(cards(m)).toHaveLength(2)
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('BUS1:')).handle
    const child = await app.ioctl(h, CHILD, new Uint8Array(4), 4)
    expect(child.ok).toBe(true)
    expect(u32(child.output)).not.toBe(0)
    await app.CloseHandle(h)
    expect((await m.DeactivateDevice(bus.handle)).ok).toBe(true)
    expect(cards(m)).toEqual([])
    expect(m.bugcheck).toBeNull()
  })

  test('in a udevice by default, an activation with REGINI values is refused (docs/decisions.md): the bus sees NULL and its Init fails', async () => {
    const seen: unknown[] = []
    const m = createMachine({ drivers: [slotbus, cardDriver(seen)], registry: KEYS(USER_MODE) })
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Bus')).ok).toBe(false)
    expect(seen).toEqual([])
    expect(cards(m)).toEqual([])
  })

  test("the bus's interface from C (CedkExportFunctionTable): a card in the bus's process calls it; one in another process gets ERROR_NOT_SUPPORTED", async () => {
    for (const [flags, options, inProcess] of [['', {}, true], [USER_MODE, { udeviceActivation: 'trusted' as const }, false]] as const) {
      const m = createMachine({ drivers: [slotbus, cardDriver([])], registry: KEYS(flags), ...options })
      expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Bus')).ok).toBe(true)
      const app = m.createProcess('app.exe')
      const hBus = (await app.CreateFile('BUS1:')).handle
      const second = u32((await app.ioctl(hBus, CHILD, Uint8Array.of(1, 0, 0, 0), 4)).output)
      const card = (await app.CreateFile('CRD1:')).handle
      const r = await app.ioctl(card, 1, new Uint8Array(Uint32Array.of(second).buffer), 4)
      if (inProcess) {
        expect(r.ok).toBe(true)
        expect(u32(r.output)).toBe(1)
      } else {
        expect(r).toMatchObject({ ok: false })
        expect(m.trace.events().some((e) => e.type === 'api-return' && e.c === ERROR_NOT_SUPPORTED)).toBe(true)
      }
    }
  })
})
