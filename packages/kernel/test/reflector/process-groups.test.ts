// Behaviour 32: process groups decide which udevice.exe hosts a user-mode driver.
import { describe, expect, test } from 'vitest'
import { DEFAULT_PROC_TIMEOUT } from '../../src/index.js'
import { driverKey, machineWith, recorder } from '../helpers/recorder.js'

const USERPROC = 0x10

function twoDrivers(groupA: number | undefined, groupB: number | undefined, extra = '') {
  const a = recorder('a.dll')
  const b = recorder('b.dll')
  const key = (name: string, dll: string, pfx: string, g: number | undefined) =>
    driverKey(name, { Dll: dll, Prefix: pfx, Index: 1, Flags: USERPROC, ...(g === undefined ? {} : { UserProcGroup: g }) })
  const m = machineWith([a, b], key('A', 'a.dll', 'AAA', groupA) + key('B', 'b.dll', 'BBB', groupB) + extra)
  return { m, a, b }
}

async function activateBoth(m: ReturnType<typeof twoDrivers>['m']) {
  const ra = await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
  const rb = await m.ActivateDeviceEx('Drivers\\BuiltIn\\B')
  expect(ra.ok && rb.ok).toBe(true)
  return [ra.handle, rb.handle] as const
}

describe('behaviour 32: process groups', () => {
  test('UserProcGroup 3 is shared: two drivers, one udevice.exe with volume $udevice_0003', async () => {
    const { m, a, b } = twoDrivers(3, 3)
    await activateBoth(m)
    const hosts = m.udevices.list()
    expect(hosts).toHaveLength(1)
    expect(hosts[0]!.volume).toBe('$udevice_0003')
    expect(hosts[0]!.reflectors.size).toBe(2)
    expect(a.ctx().kernelMode || b.ctx().kernelMode).toBe(false)
  })

  test('no group, group 0 and group 0x1000 each get a private host with an id above 0x1000', async () => {
    for (const [ga, gb] of [[undefined, undefined], [0, 0], [0x1000, 0x1000]] as const) {
      const { m } = twoDrivers(ga, gb)
      await activateBoth(m)
      const hosts = m.udevices.list()
      expect(hosts).toHaveLength(2)
      for (const h of hosts) expect(h.id).toBeGreaterThan(0x1000)
      expect(new Set(hosts.map((h) => h.volume)).size).toBe(2)
    }
  })

  test('the group key name is hex: group 16 reads ProcGroup_0010, its ProcName and ProcVolPrefix', async () => {
    const group = String.raw`[HKEY_LOCAL_MACHINE\Drivers\ProcGroup_0010]
"ProcName"="myhost.exe"
"ProcVolPrefix"="$mine"
"ProcTimeout"=dword:1388
`
    const { m } = twoDrivers(16, 16, group)
    await activateBoth(m)
    const [h] = m.udevices.list()
    expect(h!.process.name).toBe('myhost.exe')
    expect(h!.volume).toBe('$mine_0010')
    expect(h!.config.timeout).toBe(5000)
  })

  test('missing group values fall back to HKLM\\Drivers; ProcTimeout defaults to 20 s', async () => {
    const { m } = twoDrivers(5, 5)
    await activateBoth(m)
    const [h] = m.udevices.list()
    expect(h!.process.name).toBe('udevice.exe')
    expect(h!.volume).toBe('$udevice_0005')
    expect(h!.config.timeout).toBe(DEFAULT_PROC_TIMEOUT)
    expect(DEFAULT_PROC_TIMEOUT).toBe(20_000)
  })

  test('different groups get different hosts', async () => {
    const { m } = twoDrivers(3, 4)
    await activateBoth(m)
    expect(m.udevices.list().map((h) => h.volume).sort()).toEqual(['$udevice_0003', '$udevice_0004'])
  })

  test('the host exits when its last driver unloads, not before', async () => {
    const { m } = twoDrivers(3, 3)
    const [ha, hb] = await activateBoth(m)
    const host = m.udevices.list()[0]!.process
    await m.DeactivateDevice(ha)
    expect(host.exited).toBe(false)
    await m.DeactivateDevice(hb)
    expect(host.exited).toBe(true)
    // A new activation launches a new host process.
    await m.ActivateDeviceEx('Drivers\\BuiltIn\\A')
    expect(m.udevices.list()[0]!.process.id).not.toBe(host.id)
  })

  test('module globals are per process: the same DLL in two groups loads twice', async () => {
    let loads = 0
    const a = recorder('a.dll', () => (loads++, {}))
    const m = machineWith(
      [a],
      driverKey('A', { Dll: 'a.dll', Prefix: 'AAA', Index: 1, Flags: USERPROC, UserProcGroup: 3 }) +
        driverKey('B', { Dll: 'a.dll', Prefix: 'AAA', Index: 2, Flags: USERPROC, UserProcGroup: 4 }) +
        driverKey('C', { Dll: 'a.dll', Prefix: 'AAA', Index: 3, Flags: USERPROC, UserProcGroup: 3 }),
    )
    for (const k of ['A', 'B', 'C']) expect((await m.ActivateDeviceEx(`Drivers\\BuiltIn\\${k}`)).ok).toBe(true)
    expect(loads).toBe(2)
  })
})
