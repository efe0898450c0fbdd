import { describe, test, expect } from 'vitest'
import { DEFAULT_REGISTRY_TEXT, createDefaultRegistry, procGroupKeyPath } from '../../src/registry/default-registry.js'
import { parseReg } from '../../src/registry/reg-parser.js'
import { REG_BINARY, REG_MULTI_SZ, REG_SZ } from '../../src/registry/values.js'

describe('default registry', () => {
  test('HKLM\\Drivers holds the process-group defaults and RootKey', () => {
    const drivers = createDefaultRegistry().openKey('HKLM\\Drivers')!
    expect(drivers.values()).toEqual([
      ['ProcName', { type: REG_SZ, data: 'udevice.exe' }],
      ['ProcVolPrefix', { type: REG_SZ, data: '$udevice' }],
      ['RootKey', { type: REG_SZ, data: 'Drivers\\BuiltIn' }],
    ])
    expect(drivers.subkeys().map((k) => k.name)).toEqual(['Active', 'BuiltIn', 'ProcGroup_0002', 'ProcGroup_0003'])
  })

  test('groups 2 ($services) and 3 ($udevice, as common.reg has it)', () => {
    const r = createDefaultRegistry()
    const g2 = r.openKey(procGroupKeyPath(2))!
    const g3 = r.openKey(procGroupKeyPath(3))!
    expect([g2.getString('ProcName'), g2.getString('ProcVolPrefix')]).toEqual(['udevice.exe', '$services'])
    expect([g3.getString('ProcName'), g3.getString('ProcVolPrefix')]).toEqual(['udevice.exe', '$udevice'])
  })

  test('BuiltIn, Active (volatile) and Services exist and are empty', () => {
    const r = createDefaultRegistry()
    for (const p of ['HKLM\\Drivers\\BuiltIn', 'HKLM\\Drivers\\Active', 'HKLM\\Services']) {
      const k = r.openKey(p)!
      expect([k.values(), k.subkeys()]).toEqual([[], []])
    }
    expect(r.openKey('HKLM\\Drivers\\Active')!.volatile).toBe(true)
    expect(r.openKey('HKLM\\Drivers\\BuiltIn')!.volatile).toBe(false)
    expect(r.openKey('HKLM\\Drivers')!.volatile).toBe(false)
    expect(r.keyCount).toBe(4 + 6)
  })

  test('every call gives an independent registry', () => {
    const a = createDefaultRegistry()
    const b = createDefaultRegistry()
    a.createKey('HKLM\\Drivers\\BuiltIn\\Serial')
    a.openKey('HKLM\\Drivers')!.setValue('ProcName', { type: REG_SZ, data: 'other.exe' })
    expect(b.openKey('HKLM\\Drivers\\BuiltIn\\Serial')).toBeUndefined()
    expect(b.openKey('HKLM\\Drivers')!.getString('ProcName')).toBe('udevice.exe')
  })

  test('registries loaded from the same text share nothing (the parse is cached, the values are copies)', () => {
    const text = '[HKLM\\Drivers\\BuiltIn\\X]\n"Multi"=multi_sz:"a","b"\n"Bin"=hex:01,02\n'
    const a = createDefaultRegistry()
    const b = createDefaultRegistry()
    a.load(text, 'x.reg')
    b.load(text, 'x.reg')
    const ka = a.openKey('HKLM\\Drivers\\BuiltIn\\X')!
    ka.setValue('Multi', { type: REG_MULTI_SZ, data: ['changed'] })
    ka.deleteValue('Bin')
    const kb = b.openKey('HKLM\\Drivers\\BuiltIn\\X')!
    expect(kb.getMultiSz('Multi')).toEqual(['a', 'b'])
    expect(kb.getValue('Bin')).toEqual({ type: REG_BINARY, data: Uint8Array.of(1, 2) })
  })

  test('the text parses on its own', () => {
    expect(parseReg(DEFAULT_REGISTRY_TEXT).keys.map((k) => k.path.replace('HKEY_LOCAL_MACHINE\\', ''))).toEqual([
      'Drivers', 'Drivers\\Active', 'Drivers\\BuiltIn', 'Drivers\\ProcGroup_0002', 'Drivers\\ProcGroup_0003', 'Services',
    ])
  })
})

describe('procGroupKeyPath', () => {
  test('the id is printed as %04x: hex, lower case, at least 4 digits', () => {
    expect(procGroupKeyPath(3)).toBe('HKEY_LOCAL_MACHINE\\Drivers\\ProcGroup_0003')
    expect(procGroupKeyPath(0x10)).toBe('HKEY_LOCAL_MACHINE\\Drivers\\ProcGroup_0010')
    expect(procGroupKeyPath(255)).toBe('HKEY_LOCAL_MACHINE\\Drivers\\ProcGroup_00ff')
    expect(procGroupKeyPath(0x1001)).toBe('HKEY_LOCAL_MACHINE\\Drivers\\ProcGroup_1001')
    expect(procGroupKeyPath(0x12345)).toBe('HKEY_LOCAL_MACHINE\\Drivers\\ProcGroup_12345')
  })
  test('rejects ids that are not DWORDs', () => {
    expect(() => procGroupKeyPath(-1)).toThrow(RangeError)
    expect(() => procGroupKeyPath(1.5)).toThrow(RangeError)
  })
})
