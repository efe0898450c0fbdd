// The set-up most C driver tests share: one driver activated from HKLM\Drivers\BuiltIn\<key> (its DLL, `prefix`,
// index 1 and any other values), app.exe, and a handle app.exe opened on the device.
import { expect } from 'vitest'
import { createMachine, type DriverModule } from '../../src/index.js'
import { driverKey } from '../helpers/recorder.js'

/** The registry values of a driver loaded in a udevice of its own group (`group`, 3 unless said). */
export const inUdevice = (group = 3): Record<string, number> => ({ Flags: 0x10, UserProcGroup: group })

export async function openDevice(driver: DriverModule, key: string, prefix: string, values: Record<string, string | number> = {}) {
  const registry = driverKey(key, { Dll: driver.dll, Prefix: prefix, Index: 1, ...values })
  const m = createMachine({ drivers: [driver], registry })
  expect(await m.ActivateDeviceEx(`Drivers\\BuiltIn\\${key}`)).toMatchObject({ ok: true })
  const app = m.createProcess('app.exe')
  const h = (await app.CreateFile(`${prefix}1:`)).handle
  return { m, app, h }
}
