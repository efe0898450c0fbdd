// The detection corpus's simulated hardware: a one-channel DMA controller that raises its interrupt when a transfer
// completes, and the registry values that give a driver its register window and SysIntr. Its events are what a spec
// passes as `events` so the generated suites reach the drivers' interrupt paths.
import { RegisterFile, SYSINTR_FIRMWARE, type AccessWidth, type DeviceBus, type HardwareSlot, type MmioDevice } from '@cedk/kernel'
import type { HardwareEvent } from '@cedk/conformance'

export const DMA_BASE = 0x90010000
export const DMA_WINDOW = 0x20
export const DMA_IRQ = 5

/** Register offsets: STATUS (DONE | ERROR bits), ACK (write the bits to clear them), COUNT (bytes moved). */
export const DMA_STATUS = 0x00
export const DMA_ACK = 0x04
export const DMA_COUNT = 0x08
export const DMA_DONE = 1
export const DMA_ERROR = 2

export class DmaChannel implements MmioDevice {
  readonly name = 'dma'
  readonly size = DMA_WINDOW
  private status = 0
  private count = 0
  private bus: DeviceBus | null = null

  connect(bus: DeviceBus): void {
    this.bus = bus
  }

  read(offset: number, _width: AccessWidth): number {
    if (offset === DMA_STATUS) return this.status
    if (offset === DMA_COUNT) return this.count
    return 0
  }

  write(offset: number, _width: AccessWidth, value: number): void {
    if (offset !== DMA_ACK) return
    this.status &= ~value
    if (!this.status) this.bus?.irq.lower()
  }

  /** The transfer in flight finished: `bytes` moved, DONE (or ERROR) set, the line raised until acknowledged. */
  finish(bytes: number, failed = false): void {
    this.count = bytes
    this.status |= failed ? DMA_ERROR : DMA_DONE
    this.bus?.irq.raise()
  }
}

export const dmaHardware = (): readonly HardwareSlot[] => [{ base: DMA_BASE, device: new DmaChannel(), irq: DMA_IRQ }]

const channel = (hardware: readonly HardwareSlot[]): DmaChannel => hardware[0]!.device as DmaChannel

export const dmaEvents: readonly HardwareEvent[] = [{ name: 'DMA transfer completes (512 bytes)', fire: ({ hardware }) => channel(hardware).finish(512) }]

/** MemBase/MemLen, Irq and SysIntr of a key on the DMA channel. */
export const DMA_RESOURCES = `"MemBase"=dword:${DMA_BASE.toString(16)}\n"MemLen"=dword:${DMA_WINDOW.toString(16)}\n"Irq"=dword:${DMA_IRQ}\n"SysIntr"=dword:${(SYSINTR_FIRMWARE + DMA_IRQ).toString(16)}\n`

/** The .reg text of a built-in driver key `Drivers\BuiltIn\<name>` opened as `<prefix>1:`. */
export function driverKey(name: string, dll: string, prefix: string, values = ''): string {
  return `[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\${name}]\n"Dll"="${dll}"\n"Prefix"="${prefix}"\n"Index"=dword:1\n${values}`
}

/** A board's general-purpose register block: a GPIO bank, a fuel gauge, a display controller. */
export const REG_BLOCK_BASE = 0x90020000
export const registerBlock = (): readonly HardwareSlot[] => [{ base: REG_BLOCK_BASE, device: new RegisterFile(0x2000, 'regblock') }]
/** MemBase/MemLen of a key on the first 0x100 bytes of the register block. */
export const REG_BLOCK_RESOURCES = `"MemBase"=dword:${REG_BLOCK_BASE.toString(16)}\n"MemLen"=dword:100\n`
