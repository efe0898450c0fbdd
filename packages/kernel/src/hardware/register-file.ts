// A register file: memory-mapped bytes that remember what was written, read and written little-endian at any
// width. The device for driver tests where no device behaviour matters — a window to map, registers to poke.
import type { AccessWidth, MmioDevice } from './device.js'

export class RegisterFile implements MmioDevice {
  /** The registers' contents, for a test to set or check. */
  readonly bytes: Uint8Array

  constructor(
    readonly size = 0x1000,
    readonly name = 'regs',
  ) {
    this.bytes = new Uint8Array(size)
  }

  read(offset: number, width: AccessWidth): number {
    let v = 0
    for (let i = 0; i < width; i++) v |= this.bytes[offset + i]! << (8 * i)
    return v >>> 0
  }

  write(offset: number, width: AccessWidth, value: number): void {
    for (let i = 0; i < width; i++) this.bytes[offset + i] = (value >>> (8 * i)) & 0xff
  }
}
