// The interrupt controller and the kernel's interrupt APIs. Devices drive level-triggered IRQ lines; the OAL maps
// IRQ n to SYSINTR_FIRMWARE + n. InterruptInitialize binds a SYSINTR to an event; when the line is asserted and the
// SYSINTR is enabled, the kernel masks it and sets the event (the IST wakes). InterruptDone unmasks it, and a line
// still asserted fires again at once, as a level-triggered interrupt does.
import { fail } from '../errors/api-error.js'
import { ERROR_INVALID_PARAMETER } from '../errors/win32.js'
import type { HardwareSlot, IrqLine } from '../hardware/device.js'
import type { Machine } from '../machine.js'
import type { KEvent } from '../process/sync.js'
import { Ev } from '../trace/events.js'
import { IntChainHandlers } from './isr-chain.js'

export const SYSINTR_NOP = 0
export const SYSINTR_DEVICES = 8
export const SYSINTR_FIRMWARE = SYSINTR_DEVICES + 8
export const SYSINTR_MAXIMUM = SYSINTR_DEVICES + 64

interface Binding {
  event: KEvent
  /** Owner tag of the module that initialized it (for leak reports). */
  owner: number
  /** Between delivery and InterruptDone: the kernel keeps the interrupt masked. */
  inService: boolean
  /** InterruptMask(sysIntr, TRUE). */
  masked: boolean
}

export class InterruptController {
  /** Assertion state of each IRQ line that has a device. */
  private readonly lines = new Map<number, boolean>()
  private readonly bindings = new Map<number, Binding>()
  /** Installable ISRs hooked on the IRQ chains (LoadIntChainHandler). */
  readonly chain = new IntChainHandlers()

  constructor(private readonly m: Machine) {}

  /** Attach a device: map its registers at its physical base and give it its IRQ line and the clock. */
  attach(slot: HardwareSlot): void {
    this.m.memory.phys.attach(slot.base >>> 0, slot.device)
    const irq = slot.irq
    if (irq !== undefined) {
      if (this.lines.has(irq)) throw new RangeError(`hardware: two devices on IRQ ${irq}`)
      this.lines.set(irq, false)
    }
    const sched = this.m.sched
    slot.device.connect?.({
      irq: new Line(this, irq),
      clock: { now: () => sched.now, schedule: (ms, fn) => sched.timers.add(sched.now + Math.max(0, ms), fn) },
    })
  }

  /** @internal The level of an IRQ line (Line.asserted). */
  level(irq: number): boolean {
    return this.lines.get(irq) === true
  }

  /** The SYSINTR the OAL assigns to an IRQ (IOCTL_HAL_REQUEST_SYSINTR), or SYSINTR_NOP if no device has it. */
  sysIntrOf(irq: number): number {
    return this.lines.has(irq) ? SYSINTR_FIRMWARE + irq : SYSINTR_NOP
  }

  isValidSysIntr(sysIntr: number): boolean {
    return this.lines.has(sysIntr - SYSINTR_FIRMWARE)
  }

  isBound(sysIntr: number): boolean {
    return this.bindings.has(sysIntr)
  }

  /** InterruptInitialize: FALSE with ERROR_INVALID_PARAMETER (an ApiError) for a SYSINTR without a device or one
   *  already initialized. */
  initialize(sysIntr: number, event: KEvent, owner: number): void {
    if (!this.isValidSysIntr(sysIntr)) fail(ERROR_INVALID_PARAMETER, `SYSINTR ${sysIntr} has no interrupt source`)
    if (this.isBound(sysIntr)) fail(ERROR_INVALID_PARAMETER, `SYSINTR ${sysIntr} is already initialized`)
    this.bind(sysIntr, event, owner)
  }

  bind(sysIntr: number, event: KEvent, owner: number): void {
    this.bindings.set(sysIntr, { event, owner, inService: false, masked: false })
    this.deliver(sysIntr)
  }

  done(sysIntr: number): void {
    const b = this.bindings.get(sysIntr)
    if (!b) return
    b.inService = false
    this.deliver(sysIntr)
  }

  mask(sysIntr: number, disable: boolean): void {
    const b = this.bindings.get(sysIntr)
    if (!b) return
    b.masked = disable
    if (!disable) this.deliver(sysIntr)
  }

  release(sysIntr: number): void {
    this.bindings.delete(sysIntr)
  }

  /** SYSINTRs initialized by a module (leak reports at unload). */
  ownedBy(owner: number): number[] {
    return [...this.bindings].filter(([, b]) => b.owner === owner).map(([s]) => s)
  }

  /** @internal A device drives its line (Line.raise/lower). */
  setLine(irq: number, level: boolean): void {
    if (this.lines.get(irq) === level) return
    this.lines.set(irq, level)
    if (level) this.deliver(SYSINTR_FIRMWARE + irq)
  }

  private deliver(sysIntr: number): void {
    const b = this.bindings.get(sysIntr)
    if (!b || b.inService || b.masked || !this.lines.get(sysIntr - SYSINTR_FIRMWARE)) return
    b.inService = true
    this.m.trace.emit(Ev.Interrupt, sysIntr, sysIntr - SYSINTR_FIRMWARE, 0, 0)
    this.m.waits.setEvent(b.event)
  }
}

/**
 * A device's IRQ line. A class, not an object literal with a getter: each such literal evaluated gets a hidden class
 * of its own in old space holding its getter closure, so everything the closure reached (the controller, the whole
 * machine) outlived young-generation collections until a full GC. Measured: most of the scavenger's work in a
 * property run, which boots a machine per case.
 */
class Line implements IrqLine {
  constructor(
    private readonly ctl: InterruptController,
    private readonly irq: number | undefined,
  ) {}

  raise(): void {
    if (this.irq !== undefined) this.ctl.setLine(this.irq, true)
  }

  lower(): void {
    if (this.irq !== undefined) this.ctl.setLine(this.irq, false)
  }

  get asserted(): boolean {
    return this.irq !== undefined && this.ctl.level(this.irq)
  }
}
