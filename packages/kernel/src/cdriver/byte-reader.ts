// Reading the custom sections cedk reads from a C driver's module (the name section, cedk.lines), and at build time
// DWARF's .debug_line (scripts/c-build/dwarf-line.ts extends it): bytes, LEB128 numbers and UTF-8 names, each read
// past the end naming what was being read and where.
export class ByteReader {
  private pos = 0

  constructor(
    protected readonly bytes: Uint8Array,
    private readonly what: string,
  ) {}

  /** Throw unless `n` more bytes are there to read. */
  protected need(n: number): void {
    if (this.pos + n > this.bytes.length) throw new TypeError(`${this.what}: truncated at offset ${this.pos} (needs ${n} more bytes)`)
  }

  u8(): number {
    this.need(1)
    return this.bytes[this.pos++]!
  }

  uleb(): number {
    return this.leb(false)
  }

  sleb(): number {
    return this.leb(true)
  }

  /** LEB128, in doubles rather than 32-bit integers: DWARF's values may pass 2^31. */
  private leb(signed: boolean): number {
    let value = 0
    let scale = 1
    for (;;) {
      const b = this.u8()
      value += (b & 0x7f) * scale
      scale *= 128
      if ((b & 0x80) === 0) return signed && b & 0x40 ? value - scale : value
    }
  }

  utf8(n: number): string {
    this.need(n)
    const s = new TextDecoder().decode(this.bytes.subarray(this.pos, this.pos + n))
    this.pos += n
    return s
  }

  skip(n: number): void {
    this.need(n)
    this.pos += n
  }

  /** Whether every byte was read. */
  get done(): boolean {
    return this.pos >= this.bytes.length
  }

  /** Go to byte `pos` (the end of a subsection whose size was read, a string at an offset). */
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
