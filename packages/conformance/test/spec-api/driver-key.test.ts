import { expect, test } from 'vitest'
import { DEVFLAGS_LOAD_AS_USERPROC, createMachine } from '@cedk/kernel'
import { applyMode, findDriverKey } from '../../src/spec-api/driver-key.js'
import { echo, echoRegistry } from '../helpers/echo-driver.js'

const two = `${echoRegistry()}
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Echo2]
"Dll"="ECHO.DLL"
"Prefix"="ECH"
"Index"=dword:2
`

test('the driver key is the one whose Dll names the driver (case-insensitive), under HKLM', () => {
  expect(findDriverKey(echo, { registry: echoRegistry() })).toBe('Drivers\\BuiltIn\\Echo')
  expect(findDriverKey(echo, { registry: { file: 'echo.reg', text: echoRegistry() } })).toBe('Drivers\\BuiltIn\\Echo')
})

test('no key or several keys for the DLL is an error that says what to do', () => {
  expect(() => findDriverKey(echo, { registry: echoRegistry('x.dll') })).toThrow(/no key has "Dll"="echo.dll"/)
  expect(() => findDriverKey(echo, { registry: two })).toThrow(/2 keys .* say which with the `key` option/)
  expect(findDriverKey(echo, { registry: two, key: 'HKLM\\Drivers\\BuiltIn\\Echo2' })).toBe('Drivers\\BuiltIn\\Echo2')
  expect(findDriverKey(echo, { registry: two, key: 'Drivers\\BuiltIn\\Echo2' })).toBe('Drivers\\BuiltIn\\Echo2')
})

test('the mode switch touches only DEVFLAGS_LOAD_AS_USERPROC in Flags', () => {
  const m = createMachine({ drivers: [echo], registry: echoRegistry('echo.dll', 0x10021) })
  const key = m.registry.openKey('HKLM\\Drivers\\BuiltIn\\Echo')!
  applyMode(m, 'Drivers\\BuiltIn\\Echo', 'kernel')
  expect(key.getDword('Flags')).toBe(0x10021 & ~DEVFLAGS_LOAD_AS_USERPROC)
  applyMode(m, 'Drivers\\BuiltIn\\Echo', 'udevice')
  expect(key.getDword('Flags')).toBe(0x10031)
})

test('a key without Flags gets one in udevice mode', async () => {
  const m = createMachine({ drivers: [echo], registry: echoRegistry().replace(/"Flags".*\n/, '') })
  applyMode(m, 'Drivers\\BuiltIn\\Echo', 'udevice')
  expect(m.registry.openKey('HKLM\\Drivers\\BuiltIn\\Echo')!.getDword('Flags')).toBe(DEVFLAGS_LOAD_AS_USERPROC)
  expect((await m.ActivateDeviceEx('Drivers\\BuiltIn\\Echo')).ok).toBe(true)
  expect(m.udevices).toBeDefined()
})
