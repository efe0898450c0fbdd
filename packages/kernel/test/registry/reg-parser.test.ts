import { describe, test, expect } from 'vitest'
import { RegParseError, parseReg } from '../../src/registry/reg-parser.js'
import { Registry } from '../../src/registry/registry.js'
import { REG_BINARY, REG_DWORD, REG_EXPAND_SZ, REG_MULTI_SZ, REG_NONE, REG_SZ } from '../../src/registry/values.js'

const load = (text: string): Registry => {
  const r = new Registry()
  r.load(text, 'test.reg')
  return r
}
const valuesOf = (r: Registry, path: string) => r.openKey(path)!.values()

describe('parseReg: valid files', () => {
  test("the SPEC's one-line style: several pairs on an indented line", () => {
    const r = load(String.raw`
    [HKEY_LOCAL_MACHINE\Drivers\BuiltIn\Serial]
      "Dll"="serial.dll"  "Prefix"="COM"  "Index"=dword:1
      "IOBase"=dword:90000000  "IOLen"=dword:100`)
    expect(valuesOf(r, 'HKLM\\Drivers\\BuiltIn\\Serial')).toEqual([
      ['Dll', { type: REG_SZ, data: 'serial.dll' }],
      ['Prefix', { type: REG_SZ, data: 'COM' }],
      ['Index', { type: REG_DWORD, data: 1 }],
      ['IOBase', { type: REG_DWORD, data: 0x90000000 }],
      ['IOLen', { type: REG_DWORD, data: 0x100 }],
    ])
  })

  test('headers, comments, blank lines, @ default, escapes and tabs', () => {
    const r = load(
      'REGEDIT4\r\n' +
        '; a comment line\r\n' +
        '\r\n' +
        '\t[HKEY_CURRENT_USER\\Software\\Test]   ; comment after a section\r\n' +
        '@="the default" ; comment after a value\r\n' +
        '"Path"="C:\\\\Windows\\\\x.dll"\t"Quote"="say \\"hi\\"; not a comment"\r\n' +
        '"Empty"=""\r\n' +
        '"Spaced" = dword:ABCDEF01\r\n',
    )
    expect(valuesOf(r, 'HKCU\\Software\\Test')).toEqual([
      ['', { type: REG_SZ, data: 'the default' }],
      ['Path', { type: REG_SZ, data: 'C:\\Windows\\x.dll' }],
      ['Quote', { type: REG_SZ, data: 'say "hi"; not a comment' }],
      ['Empty', { type: REG_SZ, data: '' }],
      ['Spaced', { type: REG_DWORD, data: 0xabcdef01 }],
    ])
  })

  test('the version 5 header is accepted too, after blank lines', () => {
    const f = parseReg('\n\nWindows Registry Editor Version 5.00\n[HKLM\\A]\n')
    expect(f.keys.map((k) => k.path)).toEqual(['HKEY_LOCAL_MACHINE\\A'])
  })

  test('hex, hex(N) and multi_sz forms', () => {
    const r = load(String.raw`[HKLM\T]
"Bin"=hex:01,02,ff,A0
"Empty"=hex:
"None"=hex(0):de,ad
"Sz"=hex(1):41,00,42,00,00,00
"Exp"=hex(2):25,00,50,00,25,00,00,00
"Bin3"=hex(3):07
"Dw"=hex(4):78,56,34,12
"Multi"=hex(7):61,00,00,00,62,00,00,00,00,00
"Pb"=multi_sz:"{A}","x,y", "z"
"PbEmpty"=multi_sz:
"Upper"=DWORD:ff "Spaces"=hex:01, 02`)
    expect(valuesOf(r, 'HKLM\\T')).toEqual([
      ['Bin', { type: REG_BINARY, data: Uint8Array.from([1, 2, 0xff, 0xa0]) }],
      ['Empty', { type: REG_BINARY, data: new Uint8Array() }],
      ['None', { type: REG_NONE, data: Uint8Array.from([0xde, 0xad]) }],
      ['Sz', { type: REG_SZ, data: 'AB' }],
      ['Exp', { type: REG_EXPAND_SZ, data: '%P%' }],
      ['Bin3', { type: REG_BINARY, data: Uint8Array.from([7]) }],
      ['Dw', { type: REG_DWORD, data: 0x12345678 }],
      ['Multi', { type: REG_MULTI_SZ, data: ['a', 'b'] }],
      ['Pb', { type: REG_MULTI_SZ, data: ['{A}', 'x,y', 'z'] }],
      ['PbEmpty', { type: REG_MULTI_SZ, data: [] }],
      ['Upper', { type: REG_DWORD, data: 0xff }],
      ['Spaces', { type: REG_BINARY, data: Uint8Array.from([1, 2]) }],
    ])
  })

  test('continuation lines in hex and multi_sz lists', () => {
    const r = load('[HKLM\\T]\n"Bin"=hex:01,02,\\\n      03,04,\\   \n\t05  ; done\n"Next"=dword:1\n"M"=multi_sz:"a",\\\n   "b"\n"H"=hex(7):\\\n  61,00,00,00')
    expect(valuesOf(r, 'HKLM\\T')).toEqual([
      ['Bin', { type: REG_BINARY, data: Uint8Array.from([1, 2, 3, 4, 5]) }],
      ['Next', { type: REG_DWORD, data: 1 }],
      ['M', { type: REG_MULTI_SZ, data: ['a', 'b'] }],
      ['H', { type: REG_MULTI_SZ, data: ['a'] }],
    ])
  })

  test('line and column of each parsed value and key', () => {
    const f = parseReg('; x\n[HKLM\\A]\n  "a"=dword:1   @="d"\n[-HKLM\\B]\n', 'f.reg')
    expect(f.file).toBe('f.reg')
    expect(f.keys).toEqual([
      {
        path: 'HKEY_LOCAL_MACHINE\\A',
        delete: false,
        line: 2,
        values: [
          { name: 'a', value: { type: REG_DWORD, data: 1 }, line: 3, column: 3 },
          { name: '', value: { type: REG_SZ, data: 'd' }, line: 3, column: 17 },
        ],
      },
      { path: 'HKEY_LOCAL_MACHINE\\B', delete: true, line: 4, values: [] },
    ])
  })

  test('deletes: [-KEY] removes a subtree, "x"=- removes a value', () => {
    const r = load(String.raw`[HKLM\Drivers\BuiltIn\Old]
"Dll"="old.dll"
[HKLM\Drivers\BuiltIn\Old\Sub]
[HKLM\Drivers\BuiltIn\Keep]
"Dll"="keep.dll" "Gone"=dword:1 @="x"
[-HKLM\Drivers\BuiltIn\Old]
[-HKLM\Drivers\NotThere]
[HKLM\Drivers\BuiltIn\Keep]
"gone"=- @=-`)
    expect(r.openKey('HKLM\\Drivers\\BuiltIn\\Old')).toBeUndefined()
    expect(valuesOf(r, 'HKLM\\Drivers\\BuiltIn\\Keep')).toEqual([['Dll', { type: REG_SZ, data: 'keep.dll' }]])
  })

  test('aliases and relative paths in sections; later sections merge into earlier keys', () => {
    const r = load('[HKLM\\A]\n"x"=dword:1\n[Drivers\\B]\n[\\hkey_local_machine\\a\\]\n"y"=dword:2\n[HKCR\\C]\n[HKU\\D]\n[HKCU\\E]')
    expect(valuesOf(r, 'HKLM\\A').map(([n]) => n)).toEqual(['x', 'y'])
    expect(r.openKey('HKEY_LOCAL_MACHINE\\Drivers\\B')).toBeDefined()
    expect(r.openKey('HKEY_CLASSES_ROOT\\C')).toBeDefined()
    expect(r.openKey('HKEY_USERS\\D')).toBeDefined()
    expect(r.openKey('HKEY_CURRENT_USER\\E')).toBeDefined()
    expect(r.keyCount).toBe(4 + 6)
  })

  test('values may sit on a root key; key names may hold spaces, ; and [', () => {
    const r = load('[HKEY_LOCAL_MACHINE]\n"OnRoot"=dword:1\n[HKLM\\My Driver;v2[x]\n')
    expect(r.openKey('HKLM')!.getDword('OnRoot')).toBe(1)
    expect(r.openKey('HKLM\\My Driver;v2[x')).toBeDefined()
  })

  test('a failed load changes nothing', () => {
    const r = new Registry()
    expect(() => r.load('[HKLM\\A]\n"a"=dword:1\n"b"=dword:xyz\n')).toThrow(RegParseError)
    expect(r.keyCount).toBe(4)
  })
})

/** Parses text expecting a RegParseError and returns it. */
function parseError(text: string): RegParseError {
  try {
    parseReg(text, 'bad.reg')
  } catch (e) {
    expect(e).toBeInstanceOf(RegParseError)
    return e as RegParseError
  }
  throw new Error('expected a RegParseError')
}

function expectError(text: string, line: number, column: number, expected: string, found: string): RegParseError {
  const e = parseError(text)
  expect({ line: e.line, column: e.column, expected: e.expected, found: e.found }).toEqual({ line, column, expected, found })
  expect(e.file).toBe('bad.reg')
  const source = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/)[line - 1]!
  expect(e.message.split('\n')[0]).toBe(`bad.reg:${line}:${column}: expected ${expected}, found ${found}`)
  expect(e.message.split('\n')[1]).toBe(source)
  return e
}

describe('parseReg: malformed files', () => {
  test('the message carries the source line and a caret under the column', () => {
    const e = expectError('[HKLM\\A]\n  "Name" "value"', 2, 10, "'=' after the value name", "'\"'")
    expect(e.message).toBe(`bad.reg:2:10: expected '=' after the value name, found '"'\n  "Name" "value"\n         ^`)
    expect(e.name).toBe('RegParseError')
    expect(e).toBeInstanceOf(Error)
  })

  test('the caret copies tabs so it lines up', () => {
    const e = expectError('[HKLM\\A]\n\t\t"a"=dword:1x', 2, 14, 'a hex digit or the end of the dword', "'x'")
    expect(e.message.split('\n')[2]).toBe('\t\t           ^')
  })

  test('a value before any section', () => {
    expectError('; header comment\n\n  "Dll"="x.dll"', 3, 3, "a '[KEY]' section before the first value", "'\"'")
  })

  test('an unknown value type', () => {
    expectError('[HKLM\\A]\n"a"=qword:1', 2, 5, 'a value: "string", dword:, hex:, hex(N):, multi_sz: or -', "'qword'")
    expectError('[HKLM\\A]\n"a"=!', 2, 5, 'a value: "string", dword:, hex:, hex(N):, multi_sz: or -', "'!'")
    expectError('[HKLM\\A]\n"a"=', 2, 5, 'a value: "string", dword:, hex:, hex(N):, multi_sz: or -', 'end of line')
  })

  test('an unsupported hex(N) type', () => {
    expectError('[HKLM\\A]\n"a"=hex(b):00,00,00,00,00,00,00,00', 2, 9, 'a supported type in hex(N): 0, 1, 2, 3, 4 or 7', "'b'")
    expectError('[HKLM\\A]\n"a"=hex(7:00', 2, 10, "')' after the hex type number", "':'")
    expectError('[HKLM\\A]\n"a"=hex(2)00', 2, 11, "':' after 'hex(2)'", "'0'")
  })

  test('a dword with non-hex digits, too many digits or none', () => {
    expectError('[HKLM\\A]\n"a"=dword:12g4', 2, 13, 'a hex digit or the end of the dword', "'g'")
    expectError('[HKLM\\A]\n"a"=dword:123456789', 2, 19, 'at most 8 hex digits in a dword', "'9'")
    expectError('[HKLM\\A]\n"a"=dword:', 2, 11, "1 to 8 hex digits after 'dword:'", 'end of line')
    expectError('[HKLM\\A]\n"a"=dword 1', 2, 10, "':' after 'dword'", "' '")
  })

  test('an unterminated string', () => {
    expectError('[HKLM\\A]\n"Dll"="serial.dll', 2, 18, '\'"\' to close the string', 'end of line')
    expectError('[HKLM\\A]\n"Dll', 2, 5, '\'"\' to close the value name', 'end of line')
  })

  test('a missing = between name and value', () => {
    expectError('[HKLM\\A]\n@ "x"', 2, 3, "'=' after the value name", "'\"'")
  })

  test("a missing ']' and stray text after it", () => {
    expectError('[HKLM\\Drivers\\BuiltIn', 1, 22, "']' to close the key path", 'end of line')
    expectError('[HKLM\\A] x', 1, 10, "end of line after ']'", "'x'")
  })

  test('a bad escape in a string', () => {
    expectError('[HKLM\\A]\n"Path"="C:\\Windows"', 2, 11, "an escape '\\\\' or '\\\"' after '\\'", "'\\W'")
    expectError('[HKLM\\A]\n"Path"="C:\\', 2, 11, "an escape '\\\\' or '\\\"' after '\\'", "'\\' at end of line")
  })

  test('hex bytes that are not two hex digits', () => {
    expectError('[HKLM\\A]\n"b"=hex:01,2,03', 2, 13, 'a second hex digit in the byte', "','")
    expectError('[HKLM\\A]\n"b"=hex:01,zz', 2, 12, 'a byte as two hex digits', "'z'")
    expectError('[HKLM\\A]\n"b"=hex:012', 2, 11, "',' between bytes or the end of the hex list", "'2'")
    expectError('[HKLM\\A]\n"b"=hex:01,', 2, 12, 'a byte as two hex digits', 'end of line')
  })

  test('hex(7), hex(2) with an odd byte count; hex(4) not 4 bytes', () => {
    expectError('[HKLM\\A]\n"m"=hex(7):61,00,00', 2, 20, 'another byte: hex(7) text is UTF-16 and needs an even byte count', 'end of line')
    expectError('[HKLM\\A]\n"e"=hex(2):41  ; odd', 2, 14, 'another byte: hex(2) text is UTF-16 and needs an even byte count', "' '")
    expectError('[HKLM\\A]\n"d"=hex(4):01,02', 2, 17, 'another byte: hex(4) is a REG_DWORD of exactly 4 bytes', 'end of line')
    expectError('[HKLM\\A]\n"d"=hex(4):01,02,03,\\\n  04,05', 3, 6, 'the end of the hex list: hex(4) is a REG_DWORD of exactly 4 bytes', "a 5th byte '05'")
  })

  test('a continuation at the end of the file, or onto a blank line', () => {
    expectError('[HKLM\\A]\n"b"=hex:01,\\', 2, 12, "a continuation line after '\\'", 'end of file')
    expectError('[HKLM\\A]\n"b"=hex:01,\\\n\n', 3, 1, 'a byte as two hex digits', 'end of line')
    expectError('[HKLM\\A]\n"b"=hex:01\\\n02', 2, 11, "',' between bytes or the end of the hex list", "'\\'")
  })

  test('an empty key path or an empty component', () => {
    expectError('[]', 1, 2, 'a key path', "']'")
    expectError('[-]', 1, 3, 'a key path', "']'")
    expectError('[\\\\]', 1, 4, 'a key path', "'\\' only")
    expectError('[HKLM\\Drivers\\\\BuiltIn]', 1, 15, "a key name between '\\' separators", "'\\'")
  })

  test('whitespace at the edges of key names', () => {
    expectError('[ HKLM\\A]', 1, 2, 'a key name without leading whitespace', "' '")
    expectError('[HKLM\\A \\B]', 1, 8, 'a key name without trailing whitespace', "' '")
  })

  test('deleting a root key', () => {
    expectError('[-HKLM]', 1, 3, 'a key below a root (a root key cannot be deleted)', "'HKLM'")
  })

  test('values after a [-KEY] deletion', () => {
    expectError('[-HKLM\\A]\n"x"=dword:1', 2, 1, "a '[KEY]' section: values cannot follow a [-KEY] deletion", "'\"'")
  })

  test('a stray character after a value', () => {
    expectError('[HKLM\\A]\n"a"="b"x', 2, 8, 'whitespace, a comment or end of line after the value', "'x'")
    expectError('[HKLM\\A]\n"a"=dword:1 x', 2, 13, 'another "name"=value pair, a comment or end of line', "'x'")
    expectError('[HKLM\\A]\n"a"=-1', 2, 6, 'whitespace, a comment or end of line after the value', "'1'")
    expectError('[HKLM\\A]\nx="b"', 2, 1, 'a \'[KEY]\' section, a "name"=value pair or a comment', "'x'")
  })

  test('bad multi_sz lists', () => {
    expectError('[HKLM\\A]\n"m"=multi_sz:"a",""', 2, 18, 'a non-empty string (an empty string would end the REG_MULTI_SZ list)', "'\"\"'")
    expectError('[HKLM\\A]\n"m"=multi_sz:"a""b"', 2, 17, "',' between strings or the end of the multi_sz list", "'\"'")
    expectError('[HKLM\\A]\n"m"=multi_sz:a', 2, 14, 'a quoted string in the multi_sz list', "'a'")
    expectError('[HKLM\\A]\n"m"=multi_sz:"a",', 2, 18, 'a quoted string in the multi_sz list', 'end of line')
  })

  test('a header line anywhere but the start is not a header', () => {
    expectError('[HKLM\\A]\nREGEDIT4', 2, 1, 'a \'[KEY]\' section, a "name"=value pair or a comment', "'R'")
  })

  test('Registry.load reports the file name it was given', () => {
    const r = new Registry()
    expect(() => r.load('"a"="b"', 'platform.reg')).toThrow(/^platform\.reg:1:1: expected/)
    expect(() => r.load('"a"="b"')).toThrow(/^<registry>:1:1: /)
  })
})
