// The simulated converter behind adcsampler.dll: writing a channel number to CTRL starts a conversion that takes
// CONVERSION_MS of virtual time; then DATA holds the sample, STATUS bit 0 is set and the IRQ line is raised until the
// driver writes STATUS (acknowledge). A sample is a fixed function of the channel and the conversion count, so runs
// in kernel mode and in udevice read the same values.
import type { AccessWidth, DeviceBus, MmioDevice } from '@cedk/kernel'

export const REG_CTRL = 0x0
export const REG_STATUS = 0x4
export const REG_DATA = 0x8
export const STATUS_DONE = 1
export const CONVERSION_MS = 2

export class AdcDevice implements MmioDevice {
  readonly name = 'adc'
  readonly size = 0x10
  private bus: DeviceBus | null = null
  private status = 0
  private data = 0
  private conversions = 0
  private busy = false

  connect(bus: DeviceBus): void {
    this.bus = bus
  }

  read(offset: number, _width: AccessWidth): number {
    if (offset === REG_STATUS) return this.status
    if (offset === REG_DATA) return this.data
    return 0
  }

  write(offset: number, _width: AccessWidth, value: number): void {
    if (offset === REG_CTRL && !this.busy) this.start(value & 7)
    if (offset === REG_STATUS) {
      this.status = 0
      this.bus?.irq.lower()
    }
  }

  private start(channel: number): void {
    this.busy = true
    this.bus?.clock.schedule(CONVERSION_MS, () => {
      this.conversions++
      this.data = ((channel * 1000 + this.conversions * 7) & 0xfff) >>> 0
      this.status = STATUS_DONE
      this.busy = false
      this.bus?.irq.raise()
    })
  }
}
