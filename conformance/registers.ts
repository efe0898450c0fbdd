// The privilege pairs' hardware: one page of registers at REGS_BASE on IRQ 3, and the registry values that give the
// corpus driver a 0x100-byte window on it, its SysIntr and the GIISR.
import { SYSINTR_FIRMWARE, type AccessWidth, type HardwareSlot, type MmioDevice } from '@cedk/kernel'

export const REGS_BASE = 0x90000000
export const REGS_WINDOW = 0x100
export const IRQ = 3
/** The SysIntr the OAL gives IRQ 3, and the one the key names. */
export const SYSINTR = SYSINTR_FIRMWARE + IRQ

/** 4 KiB of registers that remember what was written. */
class Registers implements MmioDevice {
  readonly name = 'regs'
  readonly size = 0x1000
  private readonly bytes = new Uint8Array(0x1000)
  read(o: number, w: AccessWidth): number {
    let v = 0
    for (let i = 0; i < w; i++) v |= this.bytes[o + i]! << (8 * i)
    return v >>> 0
  }
  write(o: number, w: AccessWidth, v: number): void {
    for (let i = 0; i < w; i++) this.bytes[o + i] = (v >>> (8 * i)) & 0xff
  }
}

export const registers = (): readonly HardwareSlot[] => [{ base: REGS_BASE, device: new Registers(), irq: IRQ }]

/** MemBase/MemLen, Irq, SysIntr, IsrDll and IsrHandler of the corpus driver's key. */
export const RESOURCES =
  `"MemBase"=dword:${REGS_BASE.toString(16)}\n"MemLen"=dword:${REGS_WINDOW.toString(16)}\n` +
  `"Irq"=dword:${IRQ}\n"SysIntr"=dword:${SYSINTR.toString(16)}\n"IsrDll"="giisr.dll"\n"IsrHandler"="ISRHandler"\n`
