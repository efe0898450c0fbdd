import { describe, test, expect } from 'vitest'
import { Registry, isProtectedKeyPath } from '../../src/registry/registry.js'
import { REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_SZ } from '../../src/registry/values.js'
import type { RegValue } from '../../src/registry/values.js'

describe('Registry', () => {
  test('starts with the four roots only', () => {
    const r = new Registry()
    expect(r.keyCount).toBe(4)
    expect(r.roots().map((k) => k.path)).toEqual(['HKEY_CLASSES_ROOT', 'HKEY_CURRENT_USER', 'HKEY_LOCAL_MACHINE', 'HKEY_USERS'])
    expect(r.openKey('HKLM')?.parent).toBeNull()
  })

  test('createKey creates missing parents and returns existing keys', () => {
    const r = new Registry()
    const k = r.createKey('HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Serial')
    expect(k.path).toBe('HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Serial')
    expect(k.name).toBe('Serial')
    expect(k.parent?.path).toBe('HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn')
    expect(r.keyCount).toBe(7)
    expect(r.createKey('hklm\\drivers\\builtin\\serial')).toBe(k)
    expect(r.keyCount).toBe(7)
  })

  test('lookups are case-insensitive and keep the case first written', () => {
    const r = new Registry()
    r.createKey('HKLM\\Drivers\\BuiltIn')
    const k = r.openKey('hkey_local_machine\\DRIVERS\\builtin')!
    expect(k.path).toBe('HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn')
    k.setValue('IoBase', { type: REG_DWORD, data: 1 })
    k.setValue('IOBASE', { type: REG_DWORD, data: 2 })
    expect(k.values()).toEqual([['IoBase', { type: REG_DWORD, data: 2 }]])
    expect(k.getDword('iobase')).toBe(2)
    expect(k.valueName('IOBASE')).toBe('IoBase')
  })

  test('case folding is per character, so ß does not match SS', () => {
    const r = new Registry()
    r.createKey('HKLM\\straße')
    expect(r.openKey('HKLM\\STRAßE')).toBeDefined()
    expect(r.openKey('HKLM\\STRASSE')).toBeUndefined()
  })

  test('paths without a root are relative to HKLM; aliases name the roots', () => {
    const r = new Registry()
    const active = r.createKey('Drivers\\Active\\04', { volatile: true })
    expect(active.path).toBe('HKEY_LOCAL_MACHINE\\Drivers\\Active\\04')
    expect(r.openKey('HKLM\\Drivers\\Active\\04')).toBe(active)
    expect(r.createKey('HKCU\\Software').path).toBe('HKEY_CURRENT_USER\\Software')
    expect(r.createKey('HKCR\\.txt').path).toBe('HKEY_CLASSES_ROOT\\.txt')
    expect(r.createKey('HKU\\Default').path).toBe('HKEY_USERS\\Default')
    expect(r.openKey('\\HKLM\\Drivers\\')?.path).toBe('HKEY_LOCAL_MACHINE\\Drivers')
  })

  test('empty path components are a RangeError', () => {
    const r = new Registry()
    expect(() => r.createKey('HKLM\\a\\\\b')).toThrow(RangeError)
    expect(() => r.openKey('a\\\\b')).toThrow(RangeError)
    expect(() => Registry.normalizePath('x\\\\y')).toThrow(/empty component/)
  })

  test('key names that a .reg file could not hold are a RangeError', () => {
    const r = new Registry()
    expect(() => r.createKey('HKLM\\a]b')).toThrow(/']'/)
    expect(() => r.createKey('HKLM\\ a')).toThrow(/whitespace/)
    expect(() => r.createKey('HKLM\\a\nb')).toThrow(RangeError)
    expect(r.keyCount).toBe(4)
  })

  test('volatile keys and their descendants', () => {
    const r = new Registry()
    const active = r.createKey('HKLM\\Drivers\\Active', { volatile: true })
    expect(active.volatile).toBe(true)
    expect(active.parent?.volatile).toBe(false) // the option applies to the last key only
    expect(r.createKey('HKLM\\Drivers\\Active\\01').volatile).toBe(true)
    expect(r.createKey('HKLM\\Services').volatile).toBe(false)
  })

  test('deleteKey is recursive and refuses roots', () => {
    const r = new Registry()
    const serial = r.createKey('HKLM\\Drivers\\BuiltIn\\Serial')
    r.createKey('HKLM\\Drivers\\BuiltIn\\Serial\\Sub\\Deeper')
    const keep = r.createKey('HKLM\\Drivers\\Keep')
    expect(r.deleteKey('hklm\\drivers\\builtin')).toBe(true)
    expect(r.openKey('HKLM\\Drivers\\BuiltIn')).toBeUndefined()
    expect(r.openKey('HKLM\\Drivers\\BuiltIn\\Serial\\Sub')).toBeUndefined()
    expect(serial.deleted).toBe(true)
    expect(keep.deleted).toBe(false)
    expect(r.openKey('HKLM\\Drivers')!.subkeys()).toEqual([keep])
    expect(r.keyCount).toBe(6)
    expect(r.deleteKey('HKLM\\Drivers\\BuiltIn')).toBe(false)
    expect(() => r.deleteKey('HKLM')).toThrow(RangeError)
    expect(() => r.deleteKey('HKEY_USERS\\')).toThrow(/cannot be deleted/)
  })

  test('subkeys keep creation order', () => {
    const r = new Registry()
    for (const n of ['Zeta', 'alpha', 'Mid']) r.createKey(`HKLM\\K\\${n}`)
    expect(r.openKey('HKLM\\K')!.subkeys().map((k) => k.name)).toEqual(['Zeta', 'alpha', 'Mid'])
    expect(r.openKey('HKLM\\K')!.subkey('ALPHA')?.name).toBe('alpha')
  })
})

describe('RegKey values', () => {
  const key = () => new Registry().createKey('HKLM\\Drivers\\BuiltIn\\Serial')

  test('typed getters return only their own types', () => {
    const k = key()
    k.setValue('Dll', { type: REG_SZ, data: 'serial.dll' })
    k.setValue('Path', { type: REG_EXPAND_SZ, data: '%x%' })
    k.setValue('Index', { type: REG_DWORD, data: 1 })
    k.setValue('IClass', { type: REG_MULTI_SZ, data: ['{A}'] })
    expect(k.getString('dll')).toBe('serial.dll')
    expect(k.getString('Path')).toBe('%x%')
    expect(k.getString('Index')).toBeUndefined()
    expect(k.getDword('Index')).toBe(1)
    expect(k.getDword('Dll')).toBeUndefined()
    expect(k.getMultiSz('IClass')).toEqual(['{A}'])
    expect(k.getMultiSz('Dll')).toBeUndefined()
    expect(k.getDword('Missing')).toBeUndefined()
  })

  test("'' is the default value", () => {
    const k = key()
    k.setValue('', { type: REG_SZ, data: 'default' })
    expect(k.getValue('')).toEqual({ type: REG_SZ, data: 'default' })
    expect(k.getValue('@')).toBeUndefined()
  })

  test('values keep insertion order; overwriting keeps the position; deleteValue', () => {
    const k = key()
    k.setValue('b', { type: REG_DWORD, data: 1 })
    k.setValue('a', { type: REG_DWORD, data: 2 })
    k.setValue('B', { type: REG_SZ, data: 'x' })
    expect(k.values().map(([n]) => n)).toEqual(['b', 'a'])
    expect(k.getValue('b')).toEqual({ type: REG_SZ, data: 'x' })
    expect(k.deleteValue('A')).toBe(true)
    expect(k.deleteValue('a')).toBe(false)
    expect(k.values().map(([n]) => n)).toEqual(['b'])
  })

  test('stored data is copied in and out', () => {
    const k = key()
    const data = Uint8Array.from([1, 2])
    const list = ['x']
    k.setValue('Bin', { type: REG_BINARY, data })
    k.setValue('List', { type: REG_MULTI_SZ, data: list })
    data[0] = 9
    list.push('y')
    const got = k.getValue('Bin')!
    expect(got).toEqual({ type: REG_BINARY, data: Uint8Array.from([1, 2]) })
    ;(got.data as Uint8Array)[1] = 7
    k.getMultiSz('List')!.push('z')
    expect(k.getValue('Bin')!.data).toEqual(Uint8Array.from([1, 2]))
    expect(k.getMultiSz('List')).toEqual(['x'])
  })

  test('setValue validates and names key path and value name', () => {
    const k = key()
    const bad = (name: string, v: unknown) => () => k.setValue(name, v as RegValue)
    const where = "HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Serial: value 'Index'"
    expect(bad('Index', { type: REG_DWORD, data: -1 })).toThrow(new RangeError(`${where}: REG_DWORD data must be an integer 0..0xFFFFFFFF, got -1`))
    expect(bad('Index', { type: REG_DWORD, data: 0x100000000 })).toThrow(RangeError)
    expect(bad('Index', { type: REG_DWORD, data: 1.5 })).toThrow(RangeError)
    expect(bad('Index', { type: REG_DWORD, data: '1' })).toThrow(RangeError)
    expect(bad('Dll', { type: REG_SZ, data: 1 })).toThrow(/value 'Dll': REG_SZ data must be a string/)
    expect(bad('IClass', { type: REG_MULTI_SZ, data: 'x' })).toThrow(/array of strings/)
    expect(bad('IClass', { type: REG_MULTI_SZ, data: ['a', ''] })).toThrow(/entry 1 is empty/)
    expect(bad('Bin', { type: REG_BINARY, data: [1] })).toThrow(/Uint8Array/)
    expect(bad('Q', { type: 11, data: 0 })).toThrow(/unsupported value type 11/)
    expect(bad('a\nb', { type: REG_DWORD, data: 1 })).toThrow(/CR or LF/)
    expect(k.values()).toEqual([])
    k.setValue('Index', { type: REG_DWORD, data: 0xffffffff })
    expect(k.getDword('Index')).toBe(0xffffffff)
  })
})

describe('loadObject', () => {
  test('maps JS values to registry types', () => {
    const r = new Registry()
    r.loadObject({
      'HKLM\\Drivers\\X': {
        Dll: 'x.dll',
        Index: 1,
        IClass: ['{A}', '{B}'],
        Bin: new Uint8Array([1]),
        Path: { type: REG_EXPAND_SZ, data: '%p%' },
      },
    })
    expect(r.openKey('HKEY_LOCAL_MACHINE\\Drivers\\X')!.values()).toEqual([
      ['Dll', { type: REG_SZ, data: 'x.dll' }],
      ['Index', { type: REG_DWORD, data: 1 }],
      ['IClass', { type: REG_MULTI_SZ, data: ['{A}', '{B}'] }],
      ['Bin', { type: REG_BINARY, data: new Uint8Array([1]) }],
      ['Path', { type: REG_EXPAND_SZ, data: '%p%' }],
    ])
  })

  test('validates everything before writing anything', () => {
    const r = new Registry()
    expect(() => r.loadObject({ 'HKLM\\A': { Ok: 1 }, 'HKLM\\B': { Index: -5 } })).toThrow(/HKLM\\B: value 'Index'/)
    expect(() => r.loadObject({ 'HKLM\\A': { Flag: true as unknown as number } })).toThrow(/cannot store boolean/)
    expect(() => r.loadObject({ 'HKLM\\A': { Ok: 1 }, 'HKLM\\a\\\\b': {} })).toThrow(RangeError)
    expect(r.keyCount).toBe(4)
  })
})

describe('clone', () => {
  test('is a deep, independent copy', () => {
    const r = new Registry()
    r.createKey('HKLM\\Drivers\\Active', { volatile: true })
    r.loadObject({ 'HKLM\\Drivers\\BuiltIn\\Serial': { Dll: 'serial.dll', Bin: new Uint8Array([1, 2]), IClass: ['{A}'] } })
    const c = r.clone()
    expect(c.keyCount).toBe(r.keyCount)
    expect(c.openKey('HKLM\\Drivers\\Active')!.volatile).toBe(true)
    const orig = r.openKey('HKLM\\Drivers\\BuiltIn\\Serial')!
    const copy = c.openKey('HKLM\\Drivers\\BuiltIn\\Serial')!
    expect(copy).not.toBe(orig)
    expect(copy.values()).toEqual(orig.values())
    expect(c.openKey('HKLM\\Drivers')!.subkeys().map((k) => k.name)).toEqual(['Active', 'BuiltIn'])

    copy.setValue('Dll', { type: REG_SZ, data: 'other.dll' })
    c.createKey('HKLM\\Drivers\\New')
    r.deleteKey('HKLM\\Drivers\\Active')
    copy.setValue('Bin', { type: REG_BINARY, data: new Uint8Array([9]) })
    ;(copy.getValue('IClass')!.data as string[])[0] = '{B}'
    expect(orig.getString('Dll')).toBe('serial.dll')
    expect(orig.getValue('Bin')).toEqual({ type: REG_BINARY, data: new Uint8Array([1, 2]) })
    expect(copy.getMultiSz('IClass')).toEqual(['{A}'])
    expect(r.openKey('HKLM\\Drivers\\New')).toBeUndefined()
    expect(c.openKey('HKLM\\Drivers\\Active')).toBeDefined()
  })
})

describe('isProtectedKeyPath', () => {
  test('HKLM\\Drivers and HKLM\\Services and everything below them', () => {
    expect(isProtectedKeyPath('HKEY_LOCAL_MACHINE\\Drivers')).toBe(true)
    expect(isProtectedKeyPath('hklm\\drivers\\builtin\\serial')).toBe(true)
    expect(isProtectedKeyPath('Drivers\\Active\\04')).toBe(true)
    expect(isProtectedKeyPath('HKLM\\Services\\Telnetd')).toBe(true)
    expect(isProtectedKeyPath('\\HKLM\\SERVICES\\')).toBe(true)
  })
  test('not keys that merely share a prefix, other roots, or HKLM itself', () => {
    expect(isProtectedKeyPath('HKLM\\DriversExtra')).toBe(false)
    expect(isProtectedKeyPath('HKLM\\ServicesX\\a')).toBe(false)
    expect(isProtectedKeyPath('HKCU\\Drivers')).toBe(false)
    expect(isProtectedKeyPath('HKLM')).toBe(false)
    expect(isProtectedKeyPath('HKLM\\Software\\Drivers')).toBe(false)
  })
  test('a malformed path is an error, not "unprotected"', () => {
    expect(() => isProtectedKeyPath('HKLM\\\\Drivers')).toThrow(RangeError)
  })
})
