// The build's C line table (scripts/c-build): the DWARF line-program reader gives the same rows for DWARF 4 (what
// clang 14 writes for wasm32) and DWARF 5; source maps round-trip; the committed modules carry cedk.lines and a
// module name, no DWARF and no path outside the repository. The clang parts skip without clang.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ROOT, allCDrivers, findClang, readBuild } from '../../../../scripts/c-build/build-c-driver.js'
import { parseDebugLine } from '../../../../scripts/c-build/dwarf-line.js'
import { debugFlags, sourceMapOfDwarf } from '../../../../scripts/c-build/line-table.js'
import { decodeMappings, encodeSourceMap } from '../../../../scripts/c-build/source-map.js'
import { wasmSections } from '../../../../scripts/c-build/wasm-sections.js'
import { CLineTable } from '../../src/cdriver/c-lines.js'

const clang = findClang()
const SLOG = 'packages/kernel/test/cdriver/slog/slog.c'

/** slog.c linked with DWARF `version`, as the build compiles (no instrumentation: clang's own rows). */
function linked(version: 4 | 5): Uint8Array {
  const tmp = mkdtempSync(join(tmpdir(), 'cedk-dwarf-'))
  try {
    const out = join(tmp, 'slog.wasm')
    const path = (process.env['PATH'] ?? '').split(':').filter((d) => !d.includes('node_modules')).join(':')
    execFileSync(clang!, ['--target=wasm32', '-O2', `-gdwarf-${version}`, ...debugFlags(ROOT).filter((f) => f !== '-g'), '-nostdlib', '-ffreestanding', '-fno-builtin', '-I', 'packages/kernel/c/include', '-Wl,--no-entry', '-Wl,--import-memory', '-o', out, SLOG], { cwd: ROOT, env: { ...process.env, PATH: path } })
    return readFileSync(out)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

function section(wasm: Uint8Array, name: string): Uint8Array | undefined {
  const s = wasmSections(wasm, name).find((x) => x.id === 0 && x.name === name)
  return s && wasm.subarray(s.payload, s.end)
}

describe.skipIf(clang === null)('the DWARF line-program reader', () => {
  test('reads DWARF 4 and DWARF 5 to the same rows, with repository-relative paths', () => {
    const rows = ([4, 5] as const).map((v) => {
      const w = linked(v)
      const lineStr = section(w, '.debug_line_str')
      const str = section(w, '.debug_str')
      return parseDebugLine({ line: section(w, '.debug_line')!, ...(lineStr && { lineStr }), ...(str && { str }) })
    })
    expect(rows[0]!.length).toBeGreaterThan(20)
    expect(rows[1]).toEqual(rows[0])
    const files = new Set(rows[0]!.map((r) => r.file))
    expect(files.has(SLOG)).toBe(true)
    for (const f of files) expect([SLOG, 'packages/kernel/c/include/windows.h']).toContain(f)
    // The fault line of c-lines.test.ts is a row of clang's own table.
    const line = readFileSync(join(ROOT, SLOG), 'utf8').split('\n').findIndex((l) => l.includes('if (pRecord->Channel == dwChannel)')) + 1
    expect(rows[0]!.some((r) => r.file === SLOG && r.line === line)).toBe(true)
  }, 60_000)

  test('the source map of the line table gives each row at the code section offset clang meant', () => {
    const w = linked(4)
    const map = sourceMapOfDwarf(w, 'slog')!
    const code = wasmSections(w, 'slog').find((s) => s.id === 10)!
    const rows = parseDebugLine({ line: section(w, '.debug_line')!, str: section(w, '.debug_str')! }).filter((r) => !r.endSequence && r.line > 0)
    const segs = decodeMappings(map.mappings, 'slog')
    const first = rows.reduce((a, b) => (b.address < a.address ? b : a))
    const seg = segs.find((s) => s.offset === code.payload + first.address)!
    expect(map.sources[seg.source!.index]).toBe(first.file)
    expect(seg.source!.line).toBe(first.line)
  }, 60_000)
})

describe('the DWARF line-program reader, on bad input', () => {
  test('a version it does not know and a truncated unit are refused with the offset', () => {
    expect(() => parseDebugLine({ line: new Uint8Array([6, 0, 0, 0, 6, 0, 0, 0, 0, 0]) })).toThrow(/unsupported DWARF line table version 6 at offset 4/)
    expect(() => parseDebugLine({ line: new Uint8Array([40, 0, 0, 0, 4, 0, 9]) })).toThrow(/\.debug_line: truncated at offset \d+/)
  })
})

describe('source maps', () => {
  test('mapped and unmapped segments round-trip, offsets and lines going back as well as forward', () => {
    const segs = [
      { offset: 3, source: { index: 0, line: 10, column: 1 } },
      { offset: 40, source: { index: 1, line: 2, column: 7 } },
      { offset: 41, source: { index: 0, line: 9, column: 30 } },
      { offset: 1000, source: { index: 0, line: 12000, column: 3 } },
    ]
    const map = encodeSourceMap(['a.c', 'b.h'], segs)
    expect(decodeMappings(map.mappings, 'm')).toEqual(segs)
    expect(decodeMappings(`${map.mappings},E`, 'm').at(-1)).toEqual({ offset: 1002 })
    expect(() => decodeMappings('AAAA;AAAA', 'm')).toThrow(/one generated line/)
    expect(() => decodeMappings('AA', 'm')).toThrow(/segment "AA" has 2 fields/)
  })
})

describe('the committed C drivers', () => {
  test.each(allCDrivers().map((f) => [relative(ROOT, f), f]))('%s carries cedk.lines and a module name, no DWARF and no absolute path', (_name, desc) => {
    const build = readBuild(desc)
    const wasm = readFileSync(join(resolve(desc, '..'), build.out))
    const names = wasmSections(wasm, build.dll).filter((s) => s.id === 0).map((s) => s.name)
    expect(names).toEqual(['name', 'cedk.lines'])
    const nameSection = section(wasm, 'name')!
    expect(nameSection[0]).toBe(0) // the module-name subsection, first: id, size, name length, name
    const moduleName = new TextDecoder().decode(nameSection.subarray(3, 3 + nameSection[2]!))
    expect(moduleName).toMatch(new RegExp(`^${build.dll.replace(/\./g, '\\.')}@[0-9a-f]{8}$`))
    const lines = section(wasm, 'cedk.lines')!
    expect(() => CLineTable.decode(lines, build.dll)).not.toThrow()
    const text = new TextDecoder().decode(lines)
    expect(text).not.toContain(ROOT)
    expect(text).not.toMatch(/(^|[^\w.-])\/[a-z]/)
  })
})
