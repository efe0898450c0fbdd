// A C driver's stack frames name its C file:line (cdriver/c-lines.ts, scripts/c-build/line-table.ts): the
// exception that leaves an entry point, in kernel mode and in a udevice, innermost frame first; a module without
// the cedk.lines section keeps V8's frames (the C function's name only); two modules that claim one name with
// different tables are not mapped. Runs the committed .wasm files: no clang needed.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { CODE_SECTION, customSection, uleb, wasmSections } from '../../../../scripts/c-build/wasm-sections.js'
import { CLineTable, mapCFrames } from '../../src/cdriver/c-lines.js'
import { Ev, createMachine, defineCDriver, type DriverModule } from '../../src/index.js'

const SLOG = 'packages/kernel/test/cdriver/slog/slog.c'
const PROBE = 'packages/kernel/test/cdriver/probe/probe.c'
const slogWasm = readFileSync(new URL('./slog/slog.wasm', import.meta.url))
const IOCTL_SLOG_LATEST = ((0x8003 << 16) | (0x801 << 2)) >>> 0
const IOCTL_PROBE_ACCESS = ((0x8002 << 16) | (0x900 << 2)) >>> 0

/** The 1-based line of `file` (relative to the repository) that contains `text`. */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(new URL(`../../../../${file}`, import.meta.url), 'utf8').split('\n')
  const i = lines.findIndex((l) => l.includes(text))
  if (i < 0) throw new Error(`${file}: no line with ${text}`)
  return i + 1
}

const key = (dll: string, prefix: string, flags: number) =>
  `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\Dev]\n"Dll"="${dll}"\n"Prefix"="${prefix}"\n"Index"=dword:1\n"Flags"=dword:${flags.toString(16)}\n`

/** Activate `driver`, make one DeviceIoControl from app.exe, and return the stack of the exception that escaped. */
async function escapedStack(driver: DriverModule, prefix: string, mode: 'kernel' | 'udevice', code: number, input: Uint8Array): Promise<string> {
  const m = createMachine({ drivers: [driver], registry: key(driver.dll, prefix, mode === 'udevice' ? 0x10 : 0) })
  expect(await m.ActivateDeviceEx('Drivers\\BuiltIn\\Dev')).toMatchObject({ ok: true })
  const app = m.createProcess('app.exe')
  const h = (await app.CreateFile(`${prefix}1:`)).handle
  expect(await app.ioctl(h, code, input, 16)).toMatchObject({ ok: false, error: 'ERROR_INVALID_PARAMETER' })
  const escaped = m.trace.events().filter((e) => e.kind === Ev.DriverException && !(e.detail as { udeviceCrash?: boolean }).udeviceCrash)
  expect(escaped).toHaveLength(1)
  return (escaped[0]!.detail as { stack: string }).stack
}

/** slog.dll asked for the latest reading before anything was appended: FindLatest reads the unallocated ring. */
const askLatest = (driver: DriverModule, mode: 'kernel' | 'udevice') => escapedStack(driver, 'LOG', mode, IOCTL_SLOG_LATEST, new Uint8Array([7, 0, 0, 0]))

/** `bytes` without the named custom section, or with its payload replaced. */
function withSection(bytes: Uint8Array, name: string, payload?: Uint8Array): Uint8Array {
  const s = wasmSections(bytes, 'test').find((x) => x.id === 0 && x.name === name)!
  const replacement = payload ? customSection(name, payload) : new Uint8Array()
  return new Uint8Array([...bytes.subarray(0, s.start), ...replacement, ...bytes.subarray(s.end)])
}

/** `bytes` whose name section names no module (function names only), as a module built without cedk.lines. */
function unnamed(bytes: Uint8Array): Uint8Array {
  const s = wasmSections(bytes, 'test').find((x) => x.id === 0 && x.name === 'name')!
  const [size, at] = uleb(bytes, s.payload + 1, 'test')
  expect(bytes[s.payload]).toBe(0) // the module-name subsection comes first
  return withSection(bytes, 'name', bytes.slice(at + size, s.end))
}

describe('C file:line in driver stacks', () => {
  test.each(['kernel', 'udevice'] as const)('%s mode: the access that faulted is named by its C line', async (mode) => {
    const stack = await askLatest(defineCDriver('slog.dll', slogWasm), mode)
    const line = lineOf(SLOG, 'if (pRecord->Channel == dwChannel)')
    // FindLatest is inlined into the entry point at -O2: the frame is LOG_IOControl's, the line FindLatest's.
    expect(stack.split('\n')[0]).toMatch(new RegExp(`^\\s+at LOG_IOControl \\(${SLOG.replace(/\./g, '\\.')}:${line}:\\d+\\)$`))
  })

  test('each C frame names its own line, innermost first', async () => {
    const probe = defineCDriver('probe.dll', new URL('./probe/probe.wasm', import.meta.url))
    const req = new Uint8Array(16)
    new DataView(req.buffer).setUint32(0, 5, true) // a DWORD load
    new DataView(req.buffer).setUint32(4, 0x5fff0000, true) // from an unmapped address
    const stack = await escapedStack(probe, 'PRB', 'kernel', IOCTL_PROBE_ACCESS, req)
    const access = lineOf(PROBE, 'case 5: Split(*(volatile DWORD *)a, pOut)')
    const call = lineOf(PROBE, 'else ok = Access(args);')
    const p = PROBE.replace(/\./g, '\\.')
    expect(stack).toMatch(new RegExp(`^\\s+at Access \\(${p}:${access}:\\d+\\)\\n\\s+at PRB_IOControl \\(${p}:${call}:\\d+\\)(\\n|$)`))
  })

  test('a module without cedk.lines (nor a module name) keeps V8 frames that name the C function', async () => {
    const stack = await askLatest(defineCDriver('slog.dll', unnamed(withSection(slogWasm, 'cedk.lines'))), 'kernel')
    expect(stack.split('\n')[0]).toMatch(/^\s+at LOG_IOControl \(wasm:\/\/wasm\/[0-9a-f]{8}:wasm-function\[\d+\]:0x[0-9a-f]+\)$/)
    expect(stack).not.toMatch(/\.c:\d+/)
  })

  test('two modules that claim one name with different tables are left unmapped', async () => {
    defineCDriver('slog.dll', slogWasm)
    const section = wasmSections(slogWasm, 'slog').find((s) => s.name === 'cedk.lines')!
    const other = new Uint8Array(slogWasm.subarray(section.payload, section.end)) // a copy (Buffer#slice is a view)
    other[3] = other[3]! + 1 // the first letter of the first file's path: a table as valid, naming another file
    const forged = defineCDriver('slog.dll', withSection(slogWasm, 'cedk.lines', other))
    expect(await askLatest(forged, 'kernel')).toMatch(/^\s+at slog\.dll@[0-9a-f]{8}\.LOG_IOControl \(wasm:\/\/wasm\//)
  })
})

describe('CLineTable', () => {
  const table = () => {
    const section = wasmSections(slogWasm, 'slog').find((s) => s.name === 'cedk.lines')!
    return CLineTable.decode(slogWasm.subarray(section.payload, section.end), 'slog.wasm')
  }

  test('every offset of the code section before the first function body has no source', () => {
    const code = wasmSections(slogWasm, 'slog').find((s) => s.id === CODE_SECTION)!
    expect(table().lookup(code.payload)).toBeNull()
    expect(table().lookup(0)).toBeNull()
  })

  test('the lines are the driver source and the C runtime, relative to the repository', () => {
    const t = table()
    const code = wasmSections(slogWasm, 'slog').find((s) => s.id === CODE_SECTION)!
    const files = new Set<string>()
    for (let off = code.payload; off < code.end; off++) {
      const at = t.lookup(off)
      if (at !== null) files.add(at.replace(/:\d+:\d+$/, ''))
    }
    expect([...files].sort()).toEqual(expect.arrayContaining([SLOG]))
    for (const f of files) expect(f).toMatch(/^(packages\/kernel\/test\/cdriver\/slog\/slog\.c|packages\/kernel\/c\/.*)$/)
  })

  test('a table of another version or with bytes after its rows is refused, naming the module', () => {
    expect(() => CLineTable.decode(new Uint8Array([2, 0, 0]), 'x.wasm')).toThrow(/x\.wasm: cedk\.lines version 2, this cedk reads 1 \(rebuild with npm run build:c\)/)
    expect(() => CLineTable.decode(new Uint8Array([1, 0, 0, 9]), 'x.wasm')).toThrow(/x\.wasm: cedk\.lines: 1 bytes after the last row/)
    expect(() => CLineTable.decode(new Uint8Array([1, 0, 1, 4, 1]), 'x.wasm')).toThrow(/names file 1 of 0/)
  })

  test('mapCFrames leaves stacks without known wasm frames as they are', () => {
    const s = 'Error\n    at f (file:///a.ts:1:2)\n    at g (wasm://wasm/nobody@00000000-1234abcd:wasm-function[3]:0x2a)'
    expect(mapCFrames(s)).toBe(s)
  })
})
