import { describe, test, expect } from 'vitest'
import fc from 'fast-check'
import { toRegText } from '../../src/registry/reg-writer.js'
import { parseReg } from '../../src/registry/reg-parser.js'
import { Registry } from '../../src/registry/registry.js'
import type { RegKey } from '../../src/registry/registry.js'
import { REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_NONE, REG_SZ } from '../../src/registry/values.js'
import type { RegValue } from '../../src/registry/values.js'

/** Every key (roots included) with its name, values and subkey order: what "equal registries" means. */
function snapshot(reg: Registry): unknown[] {
  const out: unknown[] = []
  const walk = (k: RegKey): void => {
    out.push([k.path, k.values(), k.subkeys().map((s) => s.name)])
    k.subkeys().forEach(walk)
  }
  reg.roots().forEach(walk)
  return out
}

function reload(text: string): Registry {
  const r = new Registry()
  r.load(text, 'roundtrip.reg')
  return r
}

describe('toRegText', () => {
  test('writes each value form', () => {
    const r = new Registry()
    r.createKey('HKLM\\Drivers\\Active', { volatile: true })
    r.createKey('HKLM\\Drivers\\BuiltIn\\Serial').setValue('', { type: REG_SZ, data: 'def' })
    r.loadObject({
      'HKLM\\Drivers\\BuiltIn\\Serial': {
        Dll: 'C:\\x "y".dll',
        Index: 0x1a,
        IClass: ['{A}', 'b,c'],
        Empty: [],
        Bin: new Uint8Array([0, 1, 255]),
        Exp: { type: REG_EXPAND_SZ, data: '%P%' },
        None: { type: REG_NONE, data: new Uint8Array([7]) },
        Lines: 'a\nb',
        MultiLines: ['x\r\ny'],
      },
    })
    expect(toRegText(r)).toBe(String.raw`[HKEY_LOCAL_MACHINE\Drivers\Active] ; volatile (REG_OPTION_VOLATILE)

[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Serial]
@="def"
"Dll"="C:\\x \"y\".dll"
"Index"=dword:0000001a
"IClass"=multi_sz:"{A}","b,c"
"Empty"=multi_sz:
"Bin"=hex:00,01,ff
"Exp"=hex(2):25,00,50,00,25,00,00,00
"None"=hex(0):07
"Lines"=hex(1):61,00,0a,00,62,00,00,00
"MultiLines"=hex(7):78,00,0d,00,0a,00,79,00,00,00,00,00
`)
  })

  test('skips keys that only hold subkeys, and empty roots', () => {
    const r = new Registry()
    r.createKey('HKLM\\A\\B\\C')
    r.createKey('HKLM\\A').setValue('v', { type: REG_DWORD, data: 1 })
    expect(toRegText(r)).toBe('[HKEY_LOCAL_MACHINE\\A]\n"v"=dword:00000001\n\n[HKEY_LOCAL_MACHINE\\A\\B\\C]\n')
    expect(toRegText(new Registry())).toBe('')
  })

  test('a subtree only, by any spelling of its path', () => {
    const r = new Registry()
    r.loadObject({ 'HKLM\\Drivers\\BuiltIn\\Serial': { Index: 1 }, 'HKLM\\Drivers\\Other': { Index: 2 } })
    expect(toRegText(r, 'drivers\\builtin')).toBe('[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Serial]\n"Index"=dword:00000001\n')
    expect(() => toRegText(r, 'HKLM\\Nope')).toThrow(RangeError)
  })

  test('long binary data wraps onto continuation lines that read back', () => {
    const r = new Registry()
    const data = Uint8Array.from({ length: 100 }, (_, i) => i)
    r.createKey('HKLM\\A').setValue('Blob', { type: REG_BINARY, data })
    const text = toRegText(r)
    const lines = text.trimEnd().split('\n')
    expect(lines.length).toBeGreaterThan(3)
    expect(lines.slice(1, -1).every((l) => l.endsWith(',\\') && l.length <= 78)).toBe(true)
    expect(reload(text).openKey('HKLM\\A')!.getValue('Blob')).toEqual({ type: REG_BINARY, data })
  })

  test('round trip of a hand-made registry, including names that need quoting', () => {
    const r = new Registry()
    r.createKey('HKCU\\Software\\Odd; [name "q"').setValue('with "quotes" \\ and ;', { type: REG_SZ, data: '; not a comment' })
    r.createKey('HKLM\\Drivers\\BuiltIn\\Serial').setValue('@', { type: REG_DWORD, data: 0xffffffff })
    r.createKey('HKLM\\Drivers\\BuiltIn\\Serial').setValue('', { type: REG_MULTI_SZ, data: ['a"b', 'c\\d'] })
    r.createKey('HKEY_USERS\\Empty')
    r.createKey('HKCR').setValue('root', { type: REG_BINARY, data: new Uint8Array() })
    expect(snapshot(reload(toRegText(r)))).toEqual(snapshot(r))
    expect(parseReg(toRegText(r)).keys.map((k) => k.path)).toEqual([
      'HKEY_CLASSES_ROOT',
      'HKEY_CURRENT_USER\\Software\\Odd; [name "q"',
      'HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Serial',
      'HKEY_USERS\\Empty',
    ])
  })
})

// ---- property: parseReg(toRegText(r)) loaded into a new Registry equals r ------------------------------------

const tricky = ['a', 'B', 'z', '0', ' ', '"', '\\', ';', '[', ']', '@', '=', ',', '-', 'é', '€', '\t', '\u{1F600}', '\ud800']

const text = (minLength: number, exclude: string[] = []) =>
  fc.string({ unit: fc.constantFrom(...tricky.filter((c) => !exclude.includes(c)), '\n', '\r'), minLength, maxLength: 12 })

/** Key names: no '\', ']', CR/LF, not starting or ending with whitespace (Registry.createKey's rules). */
const keyName = fc
  .string({ unit: fc.constantFrom(...tricky.filter((c) => c !== '\\' && c !== ']')), minLength: 1, maxLength: 8 })
  .filter((s) => !/^\s|\s$/.test(s))

const valueName = fc.oneof(fc.constant(''), fc.string({ unit: fc.constantFrom(...tricky), maxLength: 8 }))

const regValue: fc.Arbitrary<RegValue> = fc.oneof(
  fc.integer({ min: 0, max: 0xffffffff }).map((data) => ({ type: REG_DWORD, data }) as RegValue),
  text(0).map((data) => ({ type: REG_SZ, data }) as RegValue),
  text(0).map((data) => ({ type: REG_EXPAND_SZ, data }) as RegValue),
  fc.array(text(1), { maxLength: 4 }).map((data) => ({ type: REG_MULTI_SZ, data }) as RegValue),
  fc.uint8Array({ maxLength: 80, size: 'max' }).map((data) => ({ type: REG_BINARY, data }) as RegValue),
  fc.uint8Array({ maxLength: 6 }).map((data) => ({ type: REG_NONE, data }) as RegValue),
)

const root = fc.constantFrom('HKEY_LOCAL_MACHINE', 'HKEY_CURRENT_USER', 'HKEY_CLASSES_ROOT', 'HKEY_USERS')

const operations = fc.array(
  fc.record({
    root,
    path: fc.array(keyName, { minLength: 0, maxLength: 3 }),
    values: fc.array(fc.tuple(valueName, regValue), { maxLength: 4 }),
    volatile: fc.boolean(),
  }),
  { maxLength: 8 },
)

type Ops = typeof operations extends fc.Arbitrary<infer T> ? T : never

function build(ops: Ops): Registry {
  const r = new Registry()
  for (const op of ops) {
    const key = r.createKey([op.root, ...op.path].join('\\'), { volatile: op.volatile })
    for (const [name, value] of op.values) key.setValue(name, value)
  }
  return r
}

describe('toRegText property', () => {
  test('parseReg(toRegText(r)) loaded into a new Registry equals r', () => {
    fc.assert(
      fc.property(operations, (ops) => {
        const r = build(ops)
        expect(snapshot(reload(toRegText(r)))).toEqual(snapshot(r))
      }),
      { seed: 42, numRuns: 200 },
    )
  })

  test('the same holds for any subtree', () => {
    fc.assert(
      fc.property(operations, root, (ops, rootName) => {
        const r = build(ops)
        const sub = r.openKey(rootName)!.subkeys()[0]
        if (!sub) return
        const back = reload(toRegText(r, sub.path))
        const only = new Registry()
        const copy = (k: RegKey): void => {
          const made = only.createKey(k.path)
          for (const [n, v] of k.values()) made.setValue(n, v)
          k.subkeys().forEach(copy)
        }
        copy(sub)
        expect(snapshot(back)).toEqual(snapshot(only))
      }),
      { seed: 42, numRuns: 200 },
    )
  })
})
