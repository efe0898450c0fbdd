// The C function names a module's name section gives (clang keeps them; the build keeps the section), by wasm
// function index: a thread started on a C function is named after it, as CE's tools name a thread by its start
// routine.

/** Function index → name, from the "name" custom section (empty if the module has none). */
export function functionNames(module: WebAssembly.Module): ReadonlyMap<number, string> {
  const names = new Map<number, string>()
  for (const section of WebAssembly.Module.customSections(module, 'name')) {
    const r = new Reader(new Uint8Array(section))
    while (!r.done) {
      const id = r.byte()
      const end = r.leb() + r.at
      if (id === 1) {
        for (let n = r.leb(); n > 0; n--) names.set(r.leb(), r.name())
      }
      r.at = end
    }
  }
  return names
}

/** The name of the function a table entry holds (V8 names an exported wasm function by its index). */
export function tableEntryName(names: ReadonlyMap<number, string>, fn: unknown, index: number): string {
  const idx = typeof fn === 'function' ? Number(fn.name) : Number.NaN
  return names.get(idx) ?? `function ${index}`
}

class Reader {
  at = 0
  constructor(private readonly b: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.b.length
  }

  byte(): number {
    return this.b[this.at++] ?? 0
  }

  leb(): number {
    let v = 0
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte()
      v |= (b & 0x7f) << shift
      if ((b & 0x80) === 0) break
    }
    return v >>> 0
  }

  name(): string {
    const len = this.leb()
    const s = new TextDecoder().decode(this.b.subarray(this.at, this.at + len))
    this.at += len
    return s
  }
}
