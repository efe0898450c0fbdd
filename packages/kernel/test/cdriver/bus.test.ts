// A C bus driver loading its children (ActivateDeviceEx / DeactivateDevice from C), through slotbus.dll
// (slotbus/slotbus.c): each card's Init sees the REGINI values the bus gave (a DWORD and a string) in its Active key,
// the bus gets the children's handles, and its Deinit unloads them — in kernel mode, and in a udevice where the
// machine lets a udevice activate with REGINI values.
import { describe, expect, test } from 'vitest'
import { createMachine, defineCDriver, defineDriver } from '../../src/index.js'

const slotbus = defineCDriver('slotbus.dll', new URL('./slotbus/slotbus.wasm', import.meta.url))
const CHILD = ((0x8006 << 16) | (0x900 << 2)) >>> 0
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
    IOControl: () => true,
  }))
}

const KEYS = (flags: string) => `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Bus]
"Dll"="slotbus.dll"  "Prefix"="BUS"  "Index"=dword:1  ${flags}
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Card]
"Dll"="card.dll"  "Prefix"="CRD"
`
const USER_MODE = '"Flags"=dword:10  "UserProcGroup"=dword:3'
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
    expect(new DataView(child.output.buffer, child.output.byteOffset, 4).getUint32(0, true)).not.toBe(0)
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
})
