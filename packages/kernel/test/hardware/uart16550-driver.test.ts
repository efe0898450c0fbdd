// An interrupt-driven driver in the style of CE's com16550 (SL_* routines), run against the model: the IST
// loops on IIR until no interrupt is pending, drains RX on RDA/CTI, refills the TX FIFO on THRE and kicks
// the transmitter by toggling ETBEI.
import { expect, test } from 'vitest'
import {
  FCR_CLEAR_RX, FCR_CLEAR_TX, FCR_ENABLE, FCR_TRIGGER_8, IER, IER_EDSSI, IER_ELSI, IER_ERBFI, IER_ETBEI,
  IIR, IIR_CTI, IIR_ID_MASK, IIR_MS, IIR_NO_INT, IIR_RDA, IIR_RLS, IIR_THRE, LSR, LSR_DR, LSR_OE, MCR_DTR,
  MCR_OUT2, MCR_RTS, MSR, RBR, THR,
} from '../../src/hardware/uart-registers.js'
import { CHAR_MS, rig, type Rig } from './uart-fakes.js'

class MiniDriver {
  readonly received: number[] = []
  readonly sources: number[] = []
  overruns = 0
  private readonly txQueue: number[] = []

  constructor(private readonly rig: Rig) {
    rig.init({ fcr: FCR_ENABLE | FCR_CLEAR_RX | FCR_CLEAR_TX | FCR_TRIGGER_8, mcr: MCR_DTR | MCR_RTS | MCR_OUT2 })
    rig.w(IER, IER_ERBFI | IER_ELSI | IER_EDSSI)
  }

  write(text: string): void {
    for (let i = 0; i < text.length; i++) this.txQueue.push(text.charCodeAt(i))
    // Kick: a 0 -> 1 edge of ETBEI with THR empty raises THRE.
    this.rig.w(IER, IER_ERBFI | IER_ELSI | IER_EDSSI)
    this.rig.w(IER, IER_ERBFI | IER_ELSI | IER_EDSSI | IER_ETBEI)
  }

  /** The IST body: service every source until IIR says none. */
  service(): void {
    const { r } = this.rig
    for (let iir = r(IIR); !(iir & IIR_NO_INT); iir = r(IIR)) {
      const id = iir & IIR_ID_MASK
      this.sources.push(id)
      if (id === IIR_RLS) this.overruns += r(LSR) & LSR_OE ? 1 : 0
      else if (id === IIR_RDA || id === IIR_CTI) this.drainRx()
      else if (id === IIR_THRE) this.fillTx()
      else if (id === IIR_MS) r(MSR)
    }
  }

  private drainRx(): void {
    while (this.rig.r(LSR) & LSR_DR) this.received.push(this.rig.r(RBR))
  }

  private fillTx(): void {
    if (this.txQueue.length === 0) {
      this.rig.w(IER, IER_ERBFI | IER_ELSI | IER_EDSSI) // nothing to send: stop THRE interrupts
      return
    }
    for (let n = 0; n < 16 && this.txQueue.length; n++) this.rig.w(THR, this.txQueue.shift()!)
  }
}

/** Advance in 1 ms steps, running the IST whenever the line is asserted. */
function run(r: Rig, driver: MiniDriver, ms: number): void {
  for (let t = 0; t < ms; t++) {
    r.clock.advance(1)
    while (r.irq.asserted) driver.service()
  }
}

test('a FIFO driver sends and receives whole messages through interrupts alone', () => {
  const r = rig()
  const driver = new MiniDriver(r)
  const message = 'Windows CE 6.0 serial driver talking to a simulated 16550A.'
  driver.write(message)
  r.uart.inject('0123456789AB') // at/above the trigger level of 8: RDA
  while (r.irq.asserted) driver.service()
  run(r, driver, 100)
  r.uart.inject('CDEFGHIJK') // 8 at once: RDA, drained whole
  run(r, driver, 100)
  r.uart.inject('LMN') // below the trigger level: only the timeout reports it
  // Line rate respected with no gaps: the TX FIFO is refilled before the shift register runs dry.
  run(r, driver, message.length * CHAR_MS - 201)
  expect(r.uart.sentText()).toBe(message.slice(0, -1))
  run(r, driver, 1)
  expect(r.uart.sentText()).toBe(message)
  expect(String.fromCharCode(...driver.received)).toBe('0123456789ABCDEFGHIJKLMN')
  expect(driver.sources).toContain(IIR_RDA)
  expect(driver.sources).toContain(IIR_CTI)
  expect(driver.sources).toContain(IIR_THRE)
  expect(driver.overruns).toBe(0)
  expect(r.irq.asserted).toBe(false)
  expect(r.uart.txPending).toBe(0)
})

test('the driver sees an overrun when it does not service the FIFO in time', () => {
  const r = rig()
  const driver = new MiniDriver(r)
  r.uart.inject(new Uint8Array(20))
  run(r, driver, 1)
  expect(driver.overruns).toBe(1)
  expect(driver.received.length).toBe(16)
})
