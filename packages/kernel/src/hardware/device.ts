// The contract between the machine and a simulated device: a window of registers at a physical address, an
// interrupt line, and the machine's virtual clock. Devices never read wall-clock time.

export type AccessWidth = 1 | 2 | 4

/** A level-triggered interrupt line from one device to the machine's interrupt controller. */
export interface IrqLine {
  /** Assert the line (stays asserted until `lower`). */
  raise(): void
  lower(): void
  readonly asserted: boolean
}

/** Virtual time as devices see it: milliseconds since boot, and timers on that clock. */
export interface DeviceClock {
  now(): number
  /** Run `fn` after `delayMs` of virtual time. Returns a cancel function. */
  schedule(delayMs: number, fn: () => void): () => void
}

/** What a device receives when the machine attaches it. */
export interface DeviceBus {
  irq: IrqLine
  clock: DeviceClock
}

/** A memory-mapped device. `read`/`write` get the byte offset inside the window and the access width. */
export interface MmioDevice {
  readonly name: string
  /** Size of the register window in bytes. */
  readonly size: number
  read(offset: number, width: AccessWidth): number
  write(offset: number, width: AccessWidth, value: number): void
  /** Called once when the device is attached to a machine. */
  connect?(bus: DeviceBus): void
}

/** How a test places a device on the machine: physical base address and IRQ number. */
export interface HardwareSlot {
  base: number
  device: MmioDevice
  /** IRQ line number; the OAL maps IRQ n to SYSINTR_FIRMWARE + n (see privileged/interrupts.ts). */
  irq?: number
}
