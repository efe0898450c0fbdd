// The simulated controller of a two-wire sensor bus (an I²C-like master) at the bus driver's IoBase. The driver
// writes a device address and a register number, then reads DATA; STATUS says whether a device answered.
import type { AccessWidth, MmioDevice } from '@cedk/kernel'

export const REG_ADDR = 0x0
export const REG_REG = 0x4
export const REG_DATA = 0x8
export const REG_STATUS = 0xc
export const STATUS_OK = 0
export const STATUS_NAK = 1

export class SensorBusController implements MmioDevice {
  readonly name = 'sensor-bus'
  readonly size = 16
  private readonly devices = new Map<number, Map<number, number>>()
  private addr = 0
  private reg = 0
  private status = STATUS_OK
  /** Transfers so far, for tests. */
  transfers = 0

  /** Test side: put a device on the wire, or change one of its registers. */
  set(addr: number, reg: number, value: number): this {
    const regs = this.devices.get(addr) ?? new Map<number, number>()
    this.devices.set(addr, regs.set(reg, value & 0xffff))
    return this
  }

  read(offset: number, _width: AccessWidth): number {
    if (offset === REG_STATUS) return this.status
    if (offset !== REG_DATA) return offset === REG_ADDR ? this.addr : this.reg
    this.transfers++
    const value = this.devices.get(this.addr)?.get(this.reg)
    this.status = value === undefined ? STATUS_NAK : STATUS_OK
    return value ?? 0xffff
  }

  write(offset: number, _width: AccessWidth, value: number): void {
    if (offset === REG_ADDR) this.addr = value & 0x7f
    else if (offset === REG_REG) this.reg = value & 0xff
  }
}
