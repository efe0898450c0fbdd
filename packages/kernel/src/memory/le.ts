// Little-endian values in byte arrays, as CE's ARM and x86 targets store them: page frames, structs a test or a driver
// builds, split accesses. Byte by byte, not through a DataView: a DataView needs the array's ArrayBuffer, and asking a
// small typed array for its buffer moves its bytes off the heap (about 1 µs on Node 20, against a few ns here).

/** The `n`-byte little-endian value at `b[at]`, unsigned. */
export function getLE(b: Uint8Array, at: number, n: 1 | 2 | 4): number {
  if (n === 1) return b[at]!
  if (n === 2) return b[at]! | (b[at + 1]! << 8)
  return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0
}

/** Store the low `n` bytes of `v` at `b[at]`, little-endian (a negative value as its two's complement). */
export function putLE(b: Uint8Array, at: number, n: 1 | 2 | 4, v: number): void {
  b[at] = v
  if (n === 1) return
  b[at + 1] = v >>> 8
  if (n === 2) return
  b[at + 2] = v >>> 16
  b[at + 3] = v >>> 24
}

/** `s` as WCHARs (UTF-16LE code units, CE's wide strings), with a terminating NUL when `nul`. */
export function wideBytes(s: string, nul: boolean): Uint8Array {
  const b = new Uint8Array(2 * s.length + (nul ? 2 : 0))
  for (let i = 0; i < s.length; i++) putLE(b, 2 * i, 2, s.charCodeAt(i))
  return b
}
