// Crash containment (behaviour 34) with a C driver: an access violation on a C driver's own thread ends its udevice
// host — every driver of that group is gone, callers get ERROR_DEVICE_REMOVED, other hosts and the kernel go on, the
// device can be activated again — and in kernel mode the same fault is a bugcheck. The fault is mailbox.dll's
// POST_LATER: a worker thread reads the caller's buffer after the call returned.
import { describe, expect, test } from 'vitest'
import { ERROR_DEVICE_REMOVED, createMachine, defineCDriver } from '../../src/index.js'

const mailbox = defineCDriver('mailbox.dll', new URL('./mailbox/mailbox.wasm', import.meta.url))
const code = (fn: number) => ((0x8003 << 16) | (fn << 2)) >>> 0
const POST = code(0x900)
const TAKE = code(0x901)
const POST_LATER = code(0x906)

const key = (name: string, index: number, flags: string) => `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\${name}]
"Dll"="mailbox.dll"  "Prefix"="MBX"  "Index"=dword:${index}  ${flags}
`

async function boot(registry: string, keys: string[]) {
  const m = createMachine({ drivers: [mailbox], registry })
  for (const k of keys) expect(await m.ActivateDeviceEx(`Drivers\\BuiltIn\\${k}`)).toMatchObject({ ok: true })
  return m
}

describe('a C driver crashing on its own thread', () => {
  test('in a udevice: the host ends, its devices are removed, another host and the kernel go on', async () => {
    const m = await boot(key('A', 1, '"Flags"=dword:10  "UserProcGroup"=dword:3') + key('B', 2, '"Flags"=dword:10  "UserProcGroup"=dword:4'), ['A', 'B'])
    const app = m.createProcess('app.exe')
    const a = (await app.CreateFile('MBX1:')).handle
    const b = (await app.CreateFile('MBX2:')).handle
    const buf = app.alloc(4096)
    app.write(buf, new Uint8Array(16).fill(1))
    expect((await app.DeviceIoControl(a, POST_LATER, buf, 16, 0, 0, 0)).ok).toBe(true)
    await m.advance(10)
    expect(m.bugcheck).toBeNull()
    expect(m.udevices.crashes).toHaveLength(1)
    expect(m.udevices.crashes[0]).toMatchObject({ driver: 'mailbox.dll', entry: 'PostLaterThread' })
    expect(m.udevices.crashes[0]!.devices).toEqual(['MBX1'])
    expect((await app.ioctl(a, POST, new Uint8Array(16), 0)).lastError).toBe(ERROR_DEVICE_REMOVED)
    // The other host's copy of the DLL (its own globals and threads) is untouched.
    expect((await app.ioctl(b, POST, new Uint8Array(16).fill(2), 0)).ok).toBe(true)
    expect((await app.ioctl(b, TAKE, new Uint8Array(4), 20)).output[0]).toBe(2)
    // And the crashed device can be activated again, in a new host.
    expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')).ok).toBe(true)
    const again = (await app.CreateFile('MBX1:')).handle
    expect((await app.ioctl(again, POST, new Uint8Array(16), 0)).ok).toBe(true)
  })

  test('in kernel mode the same fault is a bugcheck naming the driver', async () => {
    const m = await boot(key('A', 1, ''), ['A'])
    const app = m.createProcess('app.exe')
    const a = (await app.CreateFile('MBX1:')).handle
    const buf = app.alloc(4096)
    expect((await app.DeviceIoControl(a, POST_LATER, buf, 16, 0, 0, 0)).ok).toBe(true)
    app.VirtualFree(buf, 0, 0x8000)
    await m.advance(10).catch(() => undefined)
    expect(m.bugcheck?.driver).toBe('mailbox.dll')
  })
})
