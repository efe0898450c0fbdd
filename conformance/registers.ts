// The privilege pairs' hardware: one page of registers at REGS_BASE on IRQ 3, and the registry values that give the
// corpus driver a 0x100-byte window on it, its SysIntr and the GIISR.
import { RegisterFile, SYSINTR_FIRMWARE, type HardwareSlot } from '@cedk/kernel'

export const REGS_BASE = 0x90000000
export const REGS_WINDOW = 0x100
export const IRQ = 3
/** The SysIntr the OAL gives IRQ 3, and the one the key names. */
export const SYSINTR = SYSINTR_FIRMWARE + IRQ

export const registers = (): readonly HardwareSlot[] => [{ base: REGS_BASE, device: new RegisterFile(), irq: IRQ }]

/** MemBase/MemLen, Irq, SysIntr, IsrDll and IsrHandler of the corpus driver's key. */
export const RESOURCES =
  `"MemBase"=dword:${REGS_BASE.toString(16)}\n"MemLen"=dword:${REGS_WINDOW.toString(16)}\n` +
  `"Irq"=dword:${IRQ}\n"SysIntr"=dword:${SYSINTR.toString(16)}\n"IsrDll"="giisr.dll"\n"IsrHandler"="ISRHandler"\n`
