// Reading the custom sections cedk reads from a C driver's module (the name section, cedk.lines): bytes,
// unsigned LEB128 numbers and UTF-8 names, each read past the end naming what was being read.
export class ByteReader {
  private pos = 0

  constructor(
    private readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  u8(): number {
    if (this.pos >= this.bytes.length) throw new TypeError(`${this.what}: truncated at byte ${this.pos}`)
    return this.bytes[this.pos++]!
  }

  uleb(): number {
    let value = 0
    let scale = 1
    for (;;) {
      const b = this.u8()
      value += (b & 0x7f) * scale
      scale *= 128
      if ((b & 0x80) === 0) return value
    }
  }

  utf8(n: number): string {
    if (this.pos + n > this.bytes.length) throw new TypeError(`${this.what}: truncated at byte ${this.pos}`)
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n))
    this.pos += n
    return s
  }

  /** Whether every byte was read. */
  get done(): boolean {
    return this.pos >= this.bytes.length
  }

  /** Skip to byte `pos` (the end of a subsection whose size was read). */
  seek(pos: number): void {
    this.pos = pos
  }

  get at(): number {
    return this.pos
  }

  end(): void {
    if (this.pos !== this.bytes.length) throw new TypeError(`${this.what}: ${this.bytes.length - this.pos} bytes after the last row`)
  }
}
