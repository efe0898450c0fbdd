import { describe, test, expect } from 'vitest'
import {
  IRQ_UNSPECIFIED,
  InterfaceTypeUndefined,
  MAX_DEVICE_WINDOWS,
  SYSINTR_NOP,
  readIsrInfo,
  readWindowInfo,
  wcstoul16,
} from '../../src/registry/resources.js'
import { Registry } from '../../src/registry/registry.js'
import type { RegKey } from '../../src/registry/registry.js'
import { ERROR_INVALID_DATA } from '../../src/errors/win32.js'

const PATH = 'HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Dev'

/** A driver key loaded from .reg value lines. */
function key(values: string): RegKey {
  const r = new Registry()
  r.load(`[${PATH}]\n${values}`)
  return r.openKey(PATH)!
}

function invalid(k: RegKey): string {
  const info = readWindowInfo(k)
  if (info.ok) throw new Error('expected ERROR_INVALID_DATA')
  expect(info.error).toBe(ERROR_INVALID_DATA)
  expect(info.message.startsWith(`${PATH}: `)).toBe(true)
  return info.message
}

describe('behaviour 36: readWindowInfo (IoBase/IoLen, MemBase/MemLen: a DWORD pair or hex multi-strings, up to 6, ERROR_INVALID_DATA)', () => {
  test('no resource values: no windows, default bus number and interface type', () => {
    expect(readWindowInfo(key(''))).toEqual({ ok: true, io: [], mem: [], interfaceType: InterfaceTypeUndefined, busNumber: 0 })
    expect(InterfaceTypeUndefined).toBe(0xffffffff)
  })

  test('one window: a DWORD pair, value names in any case', () => {
    const info = readWindowInfo(key('"IOBase"=dword:90000000 "IOLen"=dword:100 "membase"=dword:A0000000 "MEMLEN"=dword:1000'))
    expect(info).toEqual({
      ok: true,
      io: [{ base: 0x90000000, length: 0x100 }],
      mem: [{ base: 0xa0000000, length: 0x1000 }],
      interfaceType: InterfaceTypeUndefined,
      busNumber: 0,
    })
  })

  test('several windows: MULTI_SZ hex strings, with or without 0x', () => {
    const info = readWindowInfo(key('"IoBase"=multi_sz:"2F8","0x3F8","0X1000" "IoLen"=multi_sz:"8","8","ff"'))
    expect(info.ok && info.io).toEqual([
      { base: 0x2f8, length: 8 },
      { base: 0x3f8, length: 8 },
      { base: 0x1000, length: 0xff },
    ])
  })

  test('InterfaceType and BusNumber', () => {
    const info = readWindowInfo(key('"InterfaceType"=dword:5 "BusNumber"=dword:2'))
    expect(info.ok && [info.interfaceType, info.busNumber]).toEqual([5, 2])
    expect(invalid(key('"BusNumber"="2"'))).toBe(`${PATH}: BusNumber is REG_SZ, expected REG_DWORD`)
  })

  test('mismatched types', () => {
    expect(invalid(key('"IOBase"=dword:1000 "IoLen"=multi_sz:"8"'))).toBe(
      `${PATH}: IOBase is REG_DWORD but IoLen is REG_MULTI_SZ; IOBase and IoLen must both be REG_DWORD (one window) or both REG_MULTI_SZ (hex strings, one per window)`,
    )
    expect(invalid(key('"MemBase"=multi_sz:"1000" "MemLen"=dword:8'))).toMatch(/MemBase is REG_MULTI_SZ but MemLen is REG_DWORD/)
  })

  test('matching types other than DWORD and MULTI_SZ', () => {
    expect(invalid(key('"IoBase"="1000" "IoLen"="8"'))).toMatch(/IoBase and IoLen are both REG_SZ/)
  })

  test('unequal counts', () => {
    expect(invalid(key('"IoBase"=multi_sz:"1000","2000" "IoLen"=multi_sz:"8"'))).toMatch(/2 bases, 1 lengths/)
  })

  test('only one of the pair', () => {
    expect(invalid(key('"IoBase"=dword:1000'))).toMatch(/IoBase is REG_DWORD but IoLen is not set/)
    expect(invalid(key('"MemLen"=multi_sz:"8"'))).toMatch(/MemBase is not set but MemLen is REG_MULTI_SZ/)
  })

  test('a value stored as REG_NONE counts as absent, as memcfg.cpp sees it', () => {
    expect(readWindowInfo(key('"IoBase"=hex(0):01 "IoLen"=hex(0):'))).toMatchObject({ ok: true, io: [] })
  })

  test('entries that do not parse as hex are skipped', () => {
    const info = readWindowInfo(key('"IoBase"=multi_sz:"1000","zz","2000 ","0x","2000" "IoLen"=multi_sz:"8","10"'))
    expect(info.ok && info.io).toEqual([
      { base: 0x1000, length: 8 },
      { base: 0x2000, length: 0x10 },
    ])
  })

  test(`more than ${MAX_DEVICE_WINDOWS} windows: the first ${MAX_DEVICE_WINDOWS} are used`, () => {
    const bases = Array.from({ length: 8 }, (_, i) => `"${((i + 1) * 0x1000).toString(16)}"`)
    const lens = Array.from({ length: 7 }, () => '"10"') // unequal counts, but equal within the first six
    const info = readWindowInfo(key(`"MemBase"=multi_sz:${bases.join(',')} "MemLen"=multi_sz:${lens.join(',')}`))
    expect(info.ok && info.mem.map((w) => w.base)).toEqual([0x1000, 0x2000, 0x3000, 0x4000, 0x5000, 0x6000])
  })

  test('memory windows are checked before I/O windows', () => {
    expect(invalid(key('"IoBase"=dword:1 "MemBase"=dword:2'))).toMatch(/MemBase is REG_DWORD but MemLen is not set/)
  })
})

describe('wcstoul16', () => {
  test('accepts what wcstoul(s, &end, 16) consumes entirely', () => {
    expect(['ff', 'FF', '0x10', '  7', '+a', '0', 'ffffffff'].map(wcstoul16)).toEqual([255, 255, 16, 7, 10, 0, 0xffffffff])
    expect(wcstoul16('-1')).toBe(0xffffffff)
    expect(wcstoul16('123456789')).toBe(0xffffffff) // ULONG_MAX on overflow
  })
  test('rejects entries with anything left over or no digits', () => {
    expect(['', ' ', 'g', '10 ', '0x', '1.0', 'x10'].map(wcstoul16)).toEqual(Array(7).fill(undefined))
  })
})

describe('readIsrInfo', () => {
  test('defaults: IRQ_UNSPECIFIED and SYSINTR_NOP, no ISR', () => {
    expect(readIsrInfo(key(''))).toEqual({ ok: true, irq: IRQ_UNSPECIFIED, sysIntr: SYSINTR_NOP })
    expect([IRQ_UNSPECIFIED, SYSINTR_NOP]).toEqual([0xffffffff, 0])
  })

  test('Irq, SysIntr and an installable ISR', () => {
    expect(readIsrInfo(key('"irq"=dword:5 "SYSINTR"=dword:17 "IsrDll"="giisr.dll" "IsrHandler"="ISRHandler"'))).toEqual({
      ok: true,
      irq: 5,
      sysIntr: 0x17,
      isrDll: 'giisr.dll',
      isrHandler: 'ISRHandler',
    })
  })

  test('IsrDll without IsrHandler, and the reverse', () => {
    expect(readIsrInfo(key('"IsrDll"="giisr.dll"'))).toEqual({
      ok: false,
      error: ERROR_INVALID_DATA,
      message: `${PATH}: IsrDll is set but IsrHandler is not; an installable ISR needs both`,
    })
    expect(readIsrInfo(key('"ISRHANDLER"="ISRHandler"'))).toMatchObject({ ok: false, message: `${PATH}: ISRHANDLER is set but IsrDll is not; an installable ISR needs both` })
  })

  test('an empty string counts as not set', () => {
    expect(readIsrInfo(key('"IsrDll"="giisr.dll" "IsrHandler"=""'))).toMatchObject({ ok: false, error: ERROR_INVALID_DATA })
    expect(readIsrInfo(key('"IsrDll"="" "IsrHandler"=""'))).toEqual({ ok: true, irq: IRQ_UNSPECIFIED, sysIntr: SYSINTR_NOP })
  })

  test('values of the wrong type', () => {
    expect(readIsrInfo(key('"Irq"="5"'))).toMatchObject({ ok: false, error: ERROR_INVALID_DATA, message: `${PATH}: Irq is REG_SZ, expected REG_DWORD` })
    expect(readIsrInfo(key('"SysIntr"=hex:01'))).toMatchObject({ ok: false, message: `${PATH}: SysIntr is REG_BINARY, expected REG_DWORD` })
    expect(readIsrInfo(key('"IsrDll"=hex(2):41,00,00,00 "IsrHandler"="h"'))).toMatchObject({ ok: false, message: `${PATH}: IsrDll is REG_EXPAND_SZ, expected REG_SZ` })
  })
})
