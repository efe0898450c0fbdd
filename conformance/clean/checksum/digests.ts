// The digests checksum.dll computes: CRC-32 (IEEE, reflected), Adler-32, Fletcher-32 and the byte count, packed
// little-endian into 16 bytes.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    t[n] = c >>> 0
  }
  return t
})()

export function crc32(data: Uint8Array): number {
  let c = 0xffffffff
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

export function adler32(data: Uint8Array): number {
  let a = 1
  let b = 0
  for (const x of data) {
    a = (a + x) % 65521
    b = (b + a) % 65521
  }
  return ((b << 16) | a) >>> 0
}

export function fletcher32(data: Uint8Array): number {
  let s1 = 0xffff
  let s2 = 0xffff
  for (let i = 0; i < data.length; i += 2) {
    s1 = (s1 + (data[i]! | ((data[i + 1] ?? 0) << 8))) % 65535
    s2 = (s2 + s1) % 65535
  }
  return ((s2 << 16) | s1) >>> 0
}

export function digest(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(16)
  const words = [crc32(data), adler32(data), fletcher32(data), data.length]
  words.forEach((w, i) => {
    for (let k = 0; k < 4; k++) out[4 * i + k] = (w >>> (8 * k)) & 0xff
  })
  return out
}
