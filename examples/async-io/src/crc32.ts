// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the work the simulated checksum engine does.
const TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** Virtual milliseconds the engine takes for `n` bytes: long enough that the caller's call returns first. */
export const engineTime = (n: number): number => 2 + Math.ceil(n / 256)
