// `defineCDriver(dll, wasm)`: a driver written in C, compiled to wasm32 by `npm run build:c` (clang, then
// binaryen's instrument-memory), as a DriverModule like any TypeScript driver: createMachine, conformance() and
// describeDriver() take it unchanged. Each process that loads the DLL gets its own instance, its own linear
// (scratch) memory and its own image of globals and stack in that process (c-image.ts); every load and store
// goes through the driver's ctx.mem (memory-hooks.ts); the CE APIs it imports are bound to the kernel's
// (c-imports.ts). The stream entry points are the module's exports, found by the registry prefix as for TS
// drivers (`ECH_IOControl`, or the bare name).
import { readFileSync } from 'node:fs'
import { moduleOf } from '../api/base.js'
import type { DriverContext } from '../api/context.js'
import { wideBytes } from '../memory/le.js'
import { callerSite, defineDriverAt, ENTRY_NAMES, type DriverExports, type DriverModule } from '../devmgr/driver.js'
import { CAsync } from './c-async.js'
import { CImage } from './c-image.js'
import { functionNames } from './c-names.js'
import { bindImports, missingImports } from './c-imports.js'
import { registerCLines } from './c-lines.js'
import type { CRuntime } from './c-seh.js'
import { CMemoryHooks, HOOK_IMPORTS } from './memory-hooks.js'

/** Linear memory pages an instance gets: the image (< 64 KiB) plus room for scratch at constant offsets. */
const LINEAR_PAGES = 2
/** The memory hooks a built module imports from "env". */
const HOOKS: ReadonlySet<string> = new Set(HOOK_IMPORTS)
const ENTRY = new RegExp(`^(?:\\w+_)?(${ENTRY_NAMES.join('|')})$`)

export function defineCDriver(dll: string, wasm: Uint8Array | string | URL): DriverModule {
  const where = typeof wasm === 'string' || wasm instanceof URL ? String(wasm) : `${wasm.length} bytes`
  const module = compile(dll, where, typeof wasm === 'string' || wasm instanceof URL ? readFileSync(wasm) : wasm)
  const imports = WebAssembly.Module.imports(module)
  const env = new Set(imports.filter((i) => i.module === 'env').map((i) => i.name))
  if (!env.has('load_ptr') && ![...env].some((n) => n.startsWith('store_'))) {
    throw new TypeError(`defineCDriver("${dll}", ${where}): the module's memory accesses are not instrumented (build it with npm run build:c)`)
  }
  if (env.has('store_ptr') || env.has('load_val_i32')) {
    throw new TypeError(`defineCDriver("${dll}", ${where}): the module has instrument-memory's two-call hooks, which cedk no longer provides (rebuild it with npm run build:c)`)
  }
  const missing = missingImports(imports, HOOKS)
  if (missing.length > 0) throw new TypeError(`defineCDriver("${dll}", ${where}): the driver imports what cedk does not provide: ${missing.join(', ')}`)
  const exported = new Set(WebAssembly.Module.exports(module).map((e) => `${e.kind}:${e.name}`))
  for (const need of ['global:__stack_pointer', 'global:__heap_base']) {
    if (!exported.has(need)) throw new TypeError(`defineCDriver("${dll}", ${where}): the module does not export ${need.slice(7)} (build it with npm run build:c)`)
  }
  registerCLines(module, `defineCDriver("${dll}", ${where})`)
  // The definition site is defineCDriver's caller (src/echo.ts:4), not this line: reports tell namesakes apart by it.
  return defineDriverAt(dll, (ctx) => instantiate(dll, module, ctx), callerSite(import.meta.url))
}

function compile(dll: string, where: string, bytes: Uint8Array): WebAssembly.Module {
  try {
    // A copy on a plain ArrayBuffer: the DOM typing of WebAssembly.Module (the HTML viewer's project) refuses a view
    // that may sit on a SharedArrayBuffer. Once per DLL definition.
    return new WebAssembly.Module(new Uint8Array(bytes))
  } catch (e) {
    throw new TypeError(`defineCDriver("${dll}", ${where}): not a valid wasm module: ${(e as Error).message}`)
  }
}

/** One process loads the DLL: a new instance, its image mapped into that process. */
function instantiate(dll: string, module: WebAssembly.Module, ctx: DriverContext): DriverExports {
  const memory = new WebAssembly.Memory({ initial: LINEAR_PAGES })
  const hooks = new CMemoryHooks(dll, ctx.mem, memory)
  const rt: CRuntime = { table: null, sp: null, async: null, names: functionNames(module) }
  const instance = new WebAssembly.Instance(module, { env: { memory, ...hooks.imports() }, ...bindImports(ctx, hooks, rt) })
  const ex = instance.exports
  rt.table = (ex['__indirect_function_table'] as WebAssembly.Table | undefined) ?? null
  rt.sp = ex['__stack_pointer'] as WebAssembly.Global
  const image = new CImage(moduleOf(ctx), new Uint8Array(memory.buffer), (ex['__heap_base'] as WebAssembly.Global).value >>> 0)
  hooks.attach(image)
  moduleOf(ctx).atUnload.push(() => image.unmap())
  rt.async = new CAsync(dll, ex, memory, hooks, rt.sp, image)
  // A C++ driver's global constructors run when the process loads the DLL, as CE's C++ runtime runs them.
  const ctors = ex['__wasm_call_ctors']
  if (typeof ctors === 'function') rt.async.run(ctors as (...a: number[]) => unknown)
  const entries = new EntryCaller(rt.async, image)
  const out: Record<string, unknown> = {}
  for (const [name, v] of Object.entries(ex)) {
    const m = ENTRY.exec(name)
    if (m !== null && typeof v === 'function') out[name] = entries.wrap(m[1]!, v as (...a: number[]) => unknown)
  }
  return out as DriverExports
}

const num = (a: unknown): number => Number(a ?? 0)
const dword = (r: unknown): number | undefined => (typeof r === 'number' ? r >>> 0 : undefined)

/** Calls into the C code: arguments as C sees them; each call an activation that may block (c-async.ts). */
class EntryCaller {
  constructor(
    private readonly async: CAsync,
    private readonly image: CImage,
  ) {}

  wrap(entry: string, fn: (...a: number[]) => unknown): (...args: unknown[]) => unknown {
    if (entry === 'Init') return (pContext, bus) => this.result(this.async.run(fn, this.contextArg(pContext), num(bus)))
    // Fixed arity, no rest array or spread: this wrapper runs on every IOControl (7 arguments, the most any entry
    // takes); wasm ignores the extra 0 arguments of shorter entries.
    return (a, b, c, d, e, f, g) => this.result(this.async.run(fn, num(a), num(b), num(c), num(d), num(e), num(f), num(g)))
  }

  /** A C result as the device manager takes it: a DWORD, or the promise of one when the driver blocked. */
  private result(r: unknown): unknown {
    if (r instanceof Promise) return r.then(dword)
    return dword(r)
  }

  /** Init's pContext: the Active key path, as a wide string the driver can read (or the `Context` DWORD). */
  private contextArg(pContext: unknown): number {
    if (typeof pContext !== 'string') return Number(pContext ?? 0)
    const bytes = wideBytes(pContext, true)
    if (bytes.length > 4096) throw new RangeError(`${this.image.dll}: Init context path longer than the loader area: ${pContext.slice(0, 40)}…`)
    this.image.poke(this.image.loaderArea, bytes)
    return this.image.loaderArea
  }
}
