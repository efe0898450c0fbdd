// The sections of a wasm binary, as byte ranges: the build finds the code section and the DWARF custom sections
// with it, and rewrites the module's custom sections (drop DWARF, add cedk.lines) without touching the code.

export interface WasmSection {
  /** Section id: 0 custom, 10 code, … */
  id: number
  /** A custom section's name ('' for the others). */
  name: string
  /** Offset of the section's id byte. */
  start: number
  /** Offset of the payload (after the size, and after the name for a custom section). */
  payload: number
  /** Offset just past the section. */
  end: number
}

export const CODE_SECTION = 10

export function uleb(bytes: Uint8Array, pos: number, what: string): [value: number, next: number] {
  let value = 0
  let scale = 1
  for (let p = pos; p < bytes.length && p < pos + 5; p++) {
    const b = bytes[p]!
    value += (b & 0x7f) * scale
    scale *= 128
    if ((b & 0x80) === 0) return [value, p + 1]
  }
  throw new RangeError(`${what}: bad LEB128 at offset ${pos}`)
}

export function encodeUleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`encodeUleb: ${n} is not an unsigned integer`)
  const out: number[] = []
  do {
    let b = n % 128
    n = Math.floor(n / 128)
    if (n > 0) b |= 0x80
    out.push(b)
  } while (n > 0)
  return out
}

/** Every section of `bytes`, in order. `what` names the module in errors. */
export function wasmSections(bytes: Uint8Array, what: string): WasmSection[] {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) throw new TypeError(`${what}: not a wasm module`)
  const out: WasmSection[] = []
  let pos = 8
  while (pos < bytes.length) {
    const id = bytes[pos]!
    const [size, body] = uleb(bytes, pos + 1, what)
    const end = body + size
    if (end > bytes.length) throw new RangeError(`${what}: section ${id} at offset ${pos} runs past the end`)
    let name = ''
    let payload = body
    if (id === 0) {
      const [len, at] = uleb(bytes, body, what)
      name = new TextDecoder().decode(bytes.subarray(at, at + len))
      payload = at + len
    }
    out.push({ id, name, start: pos, payload, end })
    pos = end
  }
  return out
}

/** A custom section's bytes: id 0, size, name, payload. */
export function customSection(name: string, payload: Uint8Array | readonly number[]): Uint8Array {
  const n = new TextEncoder().encode(name)
  const body = [...encodeUleb(n.length), ...n, ...payload]
  return new Uint8Array([0, ...encodeUleb(body.length), ...body])
}
