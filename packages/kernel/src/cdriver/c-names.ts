// The C function names a module's name section gives (clang keeps them; the build keeps the section), by wasm
// function index: a thread started on a C function is named after it, as CE's tools name a thread by its start
// routine. A name section that does not parse only costs the names (threads are then named by table index).
import { ByteReader } from './byte-reader.js'

/** Function index → name, from the "name" custom section (empty if the module has none). */
export function functionNames(module: WebAssembly.Module): ReadonlyMap<number, string> {
  const names = new Map<number, string>()
  for (const section of WebAssembly.Module.customSections(module, 'name')) {
    const r = new ByteReader(new Uint8Array(section), 'name section')
    try {
      while (!r.done) {
        const id = r.u8()
        const end = r.uleb() + r.at
        if (id === 1) {
          for (let n = r.uleb(); n > 0; n--) names.set(r.uleb(), r.utf8(r.uleb()))
        }
        r.seek(end)
      }
    } catch (e) {
      if (!(e instanceof TypeError)) throw e
    }
  }
  return names
}

/** The name of the function a table entry holds (V8 names an exported wasm function by its index). */
export function tableEntryName(names: ReadonlyMap<number, string>, fn: unknown, index: number): string {
  const idx = typeof fn === 'function' ? Number(fn.name) : Number.NaN
  return names.get(idx) ?? `function ${index}`
}
