// Test doubles for the device contract: a virtual clock with a timer queue, and an IRQ line that records
// every edge with its time. Plus a harness that drives a Uart16550 by register name.
import type { DeviceClock, IrqLine } from '../../src/hardware/device.js'
import { Uart16550, type Uart16550Options } from '../../src/hardware/uart16550.js'
import {
  DLL, DLM, FCR, IER, LCR, LCR_DLAB, LCR_WLS_8, MCR, MCR_OUT2, THR,
} from '../../src/hardware/uart-registers.js'

interface Timer {
  at: number
  seq: number
  fn: () => void
  live: boolean
}

export class FakeClock implements DeviceClock {
  private t = 0
  private seq = 0
  private timers: Timer[] = []

  now(): number {
    return this.t
  }

  schedule(delayMs: number, fn: () => void): () => void {
    const timer: Timer = { at: this.t + Math.max(0, delayMs), seq: this.seq++, fn, live: true }
    this.timers.push(timer)
    return () => {
      timer.live = false
    }
  }

  /** Move time forward by `ms`, firing due timers in (time, creation) order; timers may schedule more. */
  advance(ms: number): void {
    const end = this.t + ms
    for (let next = this.nextDue(end); next; next = this.nextDue(end)) {
      next.live = false
      this.t = next.at
      next.fn()
    }
    this.t = end
  }

  /** Live timers still queued. */
  get pending(): number {
    return this.timers.filter((t) => t.live).length
  }

  private nextDue(end: number): Timer | undefined {
    this.timers = this.timers.filter((t) => t.live)
    let best: Timer | undefined
    for (const t of this.timers) {
      if (t.at > end) continue
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t
    }
    return best
  }
}

export class FakeIrq implements IrqLine {
  asserted = false
  readonly events: string[] = []

  constructor(private readonly clock: DeviceClock) {}

  raise(): void {
    this.asserted = true
    this.events.push(`raise@${this.clock.now()}`)
  }

  lower(): void {
    this.asserted = false
    this.events.push(`lower@${this.clock.now()}`)
  }
}

/** 16 kHz input clock: divisor 1 gives 1000 baud, so an 8N1 character is exactly 10 ms. */
export const SLOW_CLOCK = 16_000
export const CHAR_MS = 10

export interface Rig {
  uart: Uart16550
  clock: FakeClock
  irq: FakeIrq
  /** Driver read of a register by index. */
  r(reg: number): number
  /** Driver write of a register by index. */
  w(reg: number, value: number): void
  /** Program divisor, 8N1, FIFOs (fcr), OUT2 and IER like a driver's init path. */
  init(opts?: { divisor?: number; fcr?: number; ier?: number; mcr?: number }): void
}

export function rig(options: Uart16550Options = {}, connect = true): Rig {
  const uart = new Uart16550({ clockHz: SLOW_CLOCK, ...options })
  const clock = new FakeClock()
  const irq = new FakeIrq(clock)
  if (connect) uart.connect({ clock, irq })
  const shift = options.regShift ?? 0
  const r = (reg: number): number => uart.read(reg << shift, 1)
  const w = (reg: number, value: number): void => uart.write(reg << shift, 1, value)
  const init: Rig['init'] = ({ divisor = 1, fcr = 0, ier = 0, mcr = MCR_OUT2 } = {}) => {
    w(LCR, LCR_DLAB)
    w(DLL, divisor & 0xff)
    w(DLM, divisor >> 8)
    w(LCR, LCR_WLS_8)
    w(FCR, fcr)
    w(MCR, mcr)
    w(IER, ier)
  }
  return { uart, clock, irq, r, w, init }
}

export function writeText(w: Rig['w'], text: string): void {
  for (let i = 0; i < text.length; i++) w(THR, text.charCodeAt(i))
}
