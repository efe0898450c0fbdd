// The simulated watchdog behind watchdog.dll: TIMEOUT holds the period in ms (0 stops it); writing KICK_MAGIC to
// KICK restarts the period. When a period ends without a kick the device raises its IRQ (the pre-timeout warning)
// and counts it in WARNINGS; writing ACK lowers the line. The period restarts after each warning.
import type { AccessWidth, DeviceBus, MmioDevice } from '@cedk/kernel'

export const REG_TIMEOUT = 0x0
export const REG_KICK = 0x4
export const REG_ACK = 0x8
export const REG_WARNINGS = 0xc
export const KICK_MAGIC = 0x5a5a

export class WatchdogDevice implements MmioDevice {
  readonly name = 'wdt'
  readonly size = 0x10
  private bus: DeviceBus | null = null
  private timeout = 0
  private warnings = 0
  private cancel: (() => void) | null = null

  connect(bus: DeviceBus): void {
    this.bus = bus
  }

  read(offset: number, _width: AccessWidth): number {
    if (offset === REG_TIMEOUT) return this.timeout
    if (offset === REG_WARNINGS) return this.warnings
    return 0
  }

  write(offset: number, _width: AccessWidth, value: number): void {
    if (offset === REG_TIMEOUT) {
      this.timeout = value
      this.restart()
    } else if (offset === REG_KICK && value === KICK_MAGIC) this.restart()
    else if (offset === REG_ACK) this.bus?.irq.lower()
  }

  private restart(): void {
    this.cancel?.()
    this.cancel = null
    if (!this.timeout || !this.bus) return
    this.cancel = this.bus.clock.schedule(this.timeout, () => {
      this.warnings++
      this.bus?.irq.raise()
      this.restart()
    })
  }
}
