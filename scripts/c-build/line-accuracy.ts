// How well cedk.lines names C lines (docs/c-drivers.md, "Where a C frame points"): for every C driver, builds it,
// and compares, function by function, the line a frame gets from the final module's table with the line
// llvm-symbolizer gives for the same instruction in clang's own output (DWARF, before binaryen):
//   - each instrumented load and store, at the hook call right before it (load_ptr, store_val_*: where an access
//     violation is raised),
//   - each call clang wrote (a caller's frame).
// Pairs are made in order within a function; a function whose access or call count changed (binaryen's
// optimizations inside asyncify) is reported apart. Needs clang, llvm-objdump and llvm-symbolizer (Debian: llvm).
// Run: npx tsx scripts/c-build/line-accuracy.ts [cdriver.json …]
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative, resolve } from 'node:path'
import { CLineTable } from '../../packages/kernel/src/cdriver/c-lines.js'
import { ROOT, allCDrivers, compileCDriver, findClang, readBuild } from './build-c-driver.js'
import { CODE_SECTION, wasmSections } from './wasm-sections.js'

const FUNCTION = /^[0-9a-f]+ <(.+)>:$/
const INSTRUCTION = /^\s*([0-9a-f]+):/
const ACCESS = /\t(?:i32|i64|f32|f64)\.(?:load|store)\w*\t/
const CALL = /\tcall\t(\d+)/
const HOOKS = new Set(['load_ptr', 'load_val_i32', 'load_val_i64', 'load_val_f32', 'load_val_f64', 'store_ptr', 'store_val_i32', 'store_val_i64', 'store_val_f32', 'store_val_f64'])

interface Instruction {
  offset: number
  text: string
}

/** llvm-objdump's disassembly of `file`, by function (offsets in the code section). */
function disassemble(file: string): Map<string, Instruction[]> {
  const out = new Map<string, Instruction[]>()
  let current: Instruction[] | null = null
  for (const line of execFileSync('llvm-objdump', ['-d', file], { encoding: 'utf8' }).split('\n')) {
    const f = FUNCTION.exec(line)
    if (f) out.set(f[1]!, (current = []))
    const i = INSTRUCTION.exec(line)
    if (i && current) current.push({ offset: parseInt(i[1]!, 16), text: line })
  }
  return out
}

/** `file:line:column` of each code-section offset of `file`, as llvm-symbolizer says (line 0 kept as 0). */
function symbolize(file: string, offsets: readonly number[]): string[] {
  if (offsets.length === 0) return []
  const text = execFileSync('llvm-symbolizer', ['--obj', file, '--no-inlines', ...offsets.map((a) => `0x${a.toString(16)}`)], { encoding: 'utf8', cwd: ROOT })
  // Two lines an address (function, location), a blank line between.
  return text.split('\n').filter((l) => l !== '').filter((_l, i) => i % 2 === 1).map((l) => l.replace(/^\.\//, ''))
}

const callee = (text: string): number => Number(CALL.exec(text)?.[1] ?? -1)
const lineOf = (where: string): string => where.replace(/:\d+$/, '')

const clang = findClang()
if (clang === null) throw new Error('line-accuracy needs clang and lld for wasm32 (Debian: apt-get install clang lld)')
const s = { accesses: 0, sameLine: 0, sameColumn: 0, lineZero: 0, lineZeroNoSource: 0, calls: 0, callsSameLine: 0 }
const notes: string[] = []
const tmp = mkdtempSync(join(tmpdir(), 'cedk-lines-'))
try {
  for (const desc of process.argv.length > 2 ? process.argv.slice(2) : allCDrivers()) {
    const build = readBuild(desc)
    const name = relative(ROOT, desc)
    let linked: Uint8Array = new Uint8Array()
    const final = compileCDriver(clang, resolve(desc, '..'), build, (w) => (linked = w))
    const [linkedFile, finalFile] = [join(tmp, 'linked.wasm'), join(tmp, 'final.wasm')]
    writeFileSync(linkedFile, linked)
    writeFileSync(finalFile, final)
    const sections = wasmSections(final, build.dll)
    const code = sections.find((x) => x.id === CODE_SECTION)!
    const lines = sections.find((x) => x.id === 0 && x.name === 'cedk.lines')!
    const table = CLineTable.decode(final.subarray(lines.payload, lines.end), build.dll)
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(final)).filter((i) => i.kind === 'function')
    const raising = new Set(imports.flatMap((im, i) => (im.name === 'load_ptr' || im.name.startsWith('store_val_') ? [i] : [])))
    const hooks = new Set(imports.flatMap((im, i) => (HOOKS.has(im.name) ? [i] : [])))
    const after = disassemble(finalFile)
    for (const [fn, before] of disassemble(linkedFile)) {
      const fin = after.get(fn)
      if (fin === undefined) continue
      const accessesBefore = before.filter((x) => ACCESS.test(x.text)).map((x) => x.offset)
      const accessesAfter = fin.flatMap((x, i) => (i > 0 && ACCESS.test(x.text) && raising.has(callee(fin[i - 1]!.text)) ? [fin[i - 1]!.offset] : []))
      const callsBefore = before.filter((x) => CALL.test(x.text)).map((x) => x.offset)
      const callsAfter = fin.filter((x) => CALL.test(x.text) && !hooks.has(callee(x.text))).map((x) => x.offset)
      if (accessesBefore.length !== accessesAfter.length || callsBefore.length !== callsAfter.length) {
        notes.push(`not paired: ${name} ${fn} (accesses ${accessesBefore.length} -> ${accessesAfter.length}, calls ${callsBefore.length} -> ${callsAfter.length})`)
        continue
      }
      symbolize(linkedFile, accessesBefore).forEach((want, i) => {
        const got = table.lookup(code.payload + accessesAfter[i]!) ?? 'no source'
        s.accesses++
        if (want.split(':')[1] === '0') {
          s.lineZero++
          if (got === 'no source') s.lineZeroNoSource++
          else notes.push(`line 0 named: ${name} ${fn}: ${got}`)
        } else if (lineOf(got) === lineOf(want)) {
          s.sameLine++
          if (got === want || (want.endsWith(':0') && got.endsWith(':1'))) s.sameColumn++
          else notes.push(`column: ${name} ${fn}: clang ${want}, table ${got}`)
        } else notes.push(`line: ${name} ${fn}: clang ${want}, table ${got}`)
      })
      symbolize(linkedFile, callsBefore).forEach((want, i) => {
        const got = table.lookup(code.payload + callsAfter[i]!) ?? 'no source'
        s.calls++
        if (want.split(':')[1] === '0' ? got === 'no source' : lineOf(got) === lineOf(want)) s.callsSameLine++
        else notes.push(`call: ${name} ${fn}: clang ${want}, table ${got}`)
      })
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true })
}
console.log(`accesses ${s.accesses}: ${s.sameLine} of ${s.accesses - s.lineZero} with a line name clang's line (${s.sameColumn} its column); ${s.lineZeroNoSource} of ${s.lineZero} at line 0 have no source`)
console.log(`calls ${s.calls}: ${s.callsSameLine} name clang's line`)
for (const n of notes) console.log(n)
