// Build one C driver into the .wasm cedk loads (defineCDriver): clang/lld compile the sources with cedk's headers
// and freestanding libc to wasm32, then binaryen's instrument-memory pass routes every load and store through
// the machine's hooks (one call each: fuse-memory-hooks.ts) and the stack pointer is exported so the loader can
// restore it when an entry point faults.
// Deterministic: the same sources, headers and toolchain give the same bytes (a test checks it when clang is here).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join, relative, resolve } from 'node:path'
import binaryen from 'binaryen'
import { BLOCKING_IMPORTS } from '../../packages/kernel/src/cdriver/blocking.js'
import { LINES_SOURCE_MAP, debugFlags, readLinked, withLineTable } from './line-table.js'
import { fuseMemoryHooks } from './fuse-memory-hooks.js'

export const ROOT = resolve(import.meta.dirname, '../..')
const C_DIR = join(ROOT, 'packages/kernel/c')
/** The C stack each instance gets; the whole image (globals + stack) must stay under 64 KiB (c-image.ts). */
const STACK_SIZE = 16384

/** A C driver's build description (cdriver.json beside its sources). */
export interface CDriverBuild {
  /** The DLL name the registry names, e.g. "echo.dll". */
  dll: string
  /** C sources (.c) and C++ sources (.cpp, .cc, .cxx), relative to the description's directory. */
  sources: string[]
  /** The .wasm written, relative to the description's directory. */
  out: string
}

export function readBuild(file: string): CDriverBuild {
  const b = JSON.parse(readFileSync(file, 'utf8')) as Partial<CDriverBuild>
  if (typeof b.dll !== 'string' || typeof b.out !== 'string' || !Array.isArray(b.sources) || b.sources.length === 0) {
    throw new TypeError(`${file}: expected { "dll": "x.dll", "sources": ["src/x.c", …], "out": "src/x.wasm" }`)
  }
  return b as CDriverBuild
}

/** clang on this machine, or null (the caller then says why it skips). */
export function findClang(): string | null {
  for (const c of ['clang', 'clang-14']) {
    try {
      execFileSync(c, ['--version'], { stdio: 'ignore' })
      return c
    } catch {
      /* try the next name */
    }
  }
  return null
}

/** Compile and instrument the driver described in `dir`/cdriver.json; returns the final bytes (not written).
 *  `onLinked` sees clang's linked module, DWARF and all (scripts/c-build/line-accuracy.ts compares with it). */
export function compileCDriver(clang: string, dir: string, build: CDriverBuild, onLinked?: (wasm: Uint8Array) => void): Uint8Array {
  const tmp = mkdtempSync(join(tmpdir(), 'cedk-c-'))
  try {
    const linked = join(tmp, 'linked.wasm')
    // Paths relative to the repository, so nothing about this checkout reaches the output.
    const rel = (p: string) => relative(ROOT, p)
    const all = build.sources.map((s) => rel(join(dir, s)))
    const cxx = all.filter(isCxx)
    // C++ sources are compiled on their own (their language flags) and linked with the C ones and cedk's C++ runtime.
    const cxxObjects = cxx.length ? compileCxx(clang, tmp, [...cxx, rel(join(C_DIR, 'lib/cxxrt.cpp'))]) : []
    const sources = [...all.filter((s) => !isCxx(s)), rel(join(C_DIR, 'lib/libc.c')), ...cxxObjects]
    execFileSync(
      clang,
      [
        '--target=wasm32',
        '-O2',
        '-std=c11',
        ...FREESTANDING(),
        '-Wl,--no-entry',
        '-Wl,--import-memory',
        `-Wl,-z,stack-size=${STACK_SIZE}`,
        '-Wl,--export=__heap_base',
        // CeTryCall (cedk_seh.h) calls the guarded body through the function table.
        '-Wl,--export-table',
        // A C++ driver's global constructors: the loader runs them when a process loads the DLL.
        ...(cxx.length ? ['-Wl,--export-if-defined=__wasm_call_ctors'] : []),
        '-o',
        linked,
        ...sources,
      ],
      CLANG_RUN(),
    )
    const linkedBytes = readFileSync(linked)
    onLinked?.(linkedBytes)
    return instrument(readLinked(linkedBytes, build.dll, tmp), build.dll)
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
}

const isCxx = (source: string): boolean => /\.(cpp|cc|cxx)$/.test(source)

/** The flags C and C++ sources share: warnings as errors, freestanding (no host library), cedk's headers, and the
 *  line table (`-g`, paths relative to the repository) that names C lines in driver stacks. */
const FREESTANDING = (): string[] => [
  '-Wall',
  '-Werror',
  '-nostdlib',
  '-ffreestanding',
  '-fno-builtin',
  // libc's memcpy/memset move DWORDs through byte pointers.
  '-fno-strict-aliasing',
  ...debugFlags(ROOT),
  '-I',
  relative(ROOT, join(C_DIR, 'include')),
]

/** How clang runs: from the repository root, quiet on stdin, with the PATH of clangPath(). */
const CLANG_RUN = () => ({ cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] as ['ignore', 'inherit', 'inherit'], env: { ...process.env, PATH: clangPath() } })

/** Compile C++ sources to objects in `tmp` (freestanding: no exceptions, no RTTI, no thread-safe statics). */
function compileCxx(clang: string, tmp: string, sources: string[]): string[] {
  return sources.map((source, i) => {
    const obj = join(tmp, `cxx${i}.o`)
    execFileSync(
      clang,
      [
        '--target=wasm32',
        '-x',
        'c++',
        '-std=c++17',
        '-O2',
        ...FREESTANDING(),
        '-fno-exceptions',
        '-fno-rtti',
        '-fno-threadsafe-statics',
        '-c',
        '-o',
        obj,
        source,
      ],
      CLANG_RUN(),
    )
    return obj
  })
}

/**
 * PATH for clang without node_modules/.bin: clang's wasm driver runs any `wasm-opt` it finds on PATH after linking,
 * and npm puts binaryen's there, which would make the bytes depend on how the build was started (and strip names).
 */
function clangPath(): string {
  return (process.env['PATH'] ?? '')
    .split(delimiter)
    .filter((d) => !/node_modules[\\/]\.bin/.test(d))
    .join(delimiter)
}

/** `linked` is the linked module as binaryen text, each expression annotated with its C line (line-table.ts). */
function instrument(linked: string, dll: string): Uint8Array {
  const m = binaryen.parseText(linked)
  try {
    // Exporting the mutable stack pointer needs the mutable-globals feature (Node 20 has it).
    m.setFeatures(m.getFeatures() | binaryen.Features.MutableGlobals)
    m.runPasses(['instrument-memory'])
    fuseMemoryHooks(m, dll)
    m.addGlobalExport(stackPointer(m, dll), '__stack_pointer')
    asyncify(m)
    if (!m.validate()) throw new Error(`${dll}: binaryen produced an invalid module`)
    // Keep the name section, so a driver's stack in a report names its C functions (not wasm-function[24]), and
    // the expressions' C lines, as the compact table the loader reads (line-table.ts).
    const keep = binaryen.getDebugInfo()
    binaryen.setDebugInfo(true)
    try {
      const out = m.emitBinary(LINES_SOURCE_MAP)
      return withLineTable(out.binary, out.sourceMap, dll)
    } finally {
      binaryen.setDebugInfo(keep)
    }
  } finally {
    m.dispose()
  }
}

/**
 * Let the C code block: binaryen's asyncify instruments the functions that can reach a blocking import
 * (BLOCKING_IMPORTS), so the loader can unwind the wasm stack into a buffer when the kernel answers with a promise
 * and rewind it when the promise settles (packages/kernel/src/cdriver/c-async.ts). Runs after instrument-memory: the
 * saved frames are written straight to the linear memory, not through the machine. Optimizing at level 2 is what
 * binaryen recommends for asyncify (its output is much smaller and faster than unoptimized).
 */
function asyncify(m: binaryen.Module): void {
  const level = binaryen.getOptimizeLevel()
  binaryen.setOptimizeLevel(2)
  binaryen.setPassArgument('asyncify-imports', BLOCKING_IMPORTS.join(','))
  try {
    m.runPasses(['asyncify'])
  } finally {
    binaryen.setPassArgument('asyncify-imports', null)
    binaryen.setOptimizeLevel(level)
  }
}

/** wasm-ld's stack pointer: its first global, the only mutable one (without -g the name section does not name
 *  it, and lld 14 will not export a mutable global itself). */
function stackPointer(m: binaryen.Module, dll: string): string {
  const mutable = []
  for (let i = 0; i < m.getNumGlobals(); i++) {
    const info = binaryen.getGlobalInfo(m.getGlobalByIndex(i))
    if (info.mutable) mutable.push(info)
  }
  const sp = mutable[0]
  if (mutable.length !== 1 || sp === undefined || sp.type !== binaryen.i32) throw new Error(`${dll}: expected one mutable i32 global (wasm-ld's __stack_pointer), found ${mutable.length}`)
  return sp.name
}

/** Build and write the .wasm of the driver described by `descFile`. */
export function buildCDriver(clang: string, descFile: string): string {
  const dir = resolve(descFile, '..')
  const build = readBuild(descFile)
  const out = join(dir, build.out)
  writeFileSync(out, compileCDriver(clang, dir, build))
  return out
}

/** Where C drivers live: the examples, the kernel's C test drivers, the rule corpus's C twins and the benchmarks'. */
const HOMES = ['examples', 'packages/kernel/test/cdriver', 'conformance/rules', 'bench/cases']

/** Every build description (`cdriver.json`, or `<name>.cdriver.json` when a folder holds several) under HOMES. */
export function allCDrivers(): string[] {
  const found: string[] = []
  const walk = (dir: string, depth: number): void => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name)
      if (e.isDirectory() && depth > 0 && e.name !== 'node_modules') walk(p, depth - 1)
      else if (e.isFile() && (e.name === 'cdriver.json' || e.name.endsWith('.cdriver.json'))) found.push(p)
    }
  }
  for (const home of HOMES) if (existsSync(join(ROOT, home))) walk(join(ROOT, home), 3)
  return found
}
