// A National Semiconductor 16550A UART, modelled closely enough for a real interrupt-driven serial driver:
// divisor latch, FIFOs with trigger levels, character timeout, the four prioritised interrupt sources, modem
// lines and local loopback. Transmission is paced by the machine's DeviceClock; reception is driven by the test.
//
// Bus decoding:
// - Register index i lives at byte offset `i << regShift`. Any other offset inside or outside the window (a
//   misaligned byte lane with regShift 2, an index past 7) reads 0xFF and ignores writes, like an open bus.
// - An access of width 2 or 4 to a register acts exactly like a byte access: writes use the low byte of the
//   value, reads return the register byte zero-extended. It never touches the neighbouring registers.
//
// Simplifications (the driver-visible register behaviour is the 16550A's):
// - Injected bytes arrive all at once at the current instant, not paced at the baud rate.
// - Character times follow LCR framing (start + 5..8 data + parity + 1/1.5/2 stop bits); the data byte itself
//   goes to the wire unmasked whatever the word length. Parity/stick/break-control bits do not alter data.
// - A baud change takes effect from the next character; the one shifting out finishes at the old rate.
// - Divisor 0 stops the baud clock: no transmission and no character timeout (txInstant ignores the divisor).
// - On overrun the arriving byte is dropped and OE set, in FIFO and non-FIFO mode alike.
// - LSR_FIFO_ERR is computed live (any errored byte still in the FIFO) rather than latched until an LSR read.
// - Writes to LSR and MSR (factory test registers) are ignored. FCR DMA mode is ignored.
// - Before `connect` there is no clock: queued bytes wait in the TX FIFO (unless txInstant) and the character
//   timeout cannot fire; `connect` starts both.
import type { AccessWidth, DeviceBus, MmioDevice } from './device.js'
import {
  FCR, FCR_CLEAR_RX, FCR_CLEAR_TX, FCR_ENABLE, IER, IER_EDSSI, IER_ELSI, IER_ERBFI, IER_ETBEI, IIR,
  IIR_CTI, IIR_FIFO_ENABLED, IIR_MS, IIR_NO_INT, IIR_RDA, IIR_RLS, IIR_THRE, LCR, LCR_DLAB, LSR, LSR_BI, LSR_DR,
  LSR_FE, LSR_FIFO_ERR, LSR_OE, LSR_PE, LSR_TEMT, LSR_THRE, MCR, MCR_DTR, MCR_LOOP, MCR_OUT1,
  MCR_OUT2, MCR_RTS, MSR, MSR_CTS, MSR_DCD, MSR_DCTS, MSR_DDCD, MSR_DDSR, MSR_DSR, MSR_RI,
  MSR_TERI, RBR, SCR, THR, frameBits, rxTriggerLevel,
} from './uart-registers.js'

export interface Uart16550Options {
  name?: string
  /** Register stride: 0 = registers on consecutive bytes, 2 = one register per 32-bit word. */
  regShift?: 0 | 2
  /** Depth of each FIFO in FIFO mode (16 on a 16550A). */
  fifoSize?: number
  /** Input clock; baud = clockHz / (16 * divisor). */
  clockHz?: number
  /** Transmit in zero time: bytes reach the wire during the THR write and THRE never drops. */
  txInstant?: boolean
  /** PC-style wiring: the IRQ line is only driven while MCR_OUT2 is set. With false, OUT2 is just an output. */
  out2Gates?: boolean
}

export type UartErrorKind = 'parity' | 'framing'

export interface ModemLines {
  cts?: boolean
  dsr?: boolean
  ri?: boolean
  dcd?: boolean
}

/** Register values as a driver would read them, computed without any read side effect. */
export interface UartRegisterSnapshot {
  ier: number
  iir: number
  lcr: number
  mcr: number
  lsr: number
  msr: number
}

interface RxEntry {
  byte: number
  /** LSR_PE | LSR_FE | LSR_BI carried by this byte. */
  errors: number
}

/** What the open bus returns for an offset that decodes to no register. */
const OPEN_BUS = 0xff

export class Uart16550 implements MmioDevice {
  readonly name: string
  readonly size: number
  private readonly regShift: number
  private readonly fifoSize: number
  private readonly clockHz: number
  private readonly txInstant: boolean
  private readonly out2Gates: boolean
  private bus: DeviceBus | null = null
  private driving = false

  // Programmable registers (reset values per the datasheet; the divisor latch resets to 0 here).
  private ier = 0
  private lcr = 0
  private mcr = 0
  private scr = 0
  private divisor = 0
  private fifoEnabled = false
  private trigger = 1

  // Receiver.
  private readonly rx: RxEntry[] = []
  /** Error bits of the top byte have been copied into `lsrErrors` (done once per byte, when it reaches the top). */
  private topLatched = false
  /** Latched LSR_OE/PE/FE/BI, cleared by reading LSR. */
  private lsrErrors = 0
  private pendingError = 0
  private cti = false
  private cancelCti: (() => void) | null = null

  // Transmitter.
  private readonly tx: number[] = []
  private shifting: number | null = null
  private thri = false
  private readonly wire: number[] = []

  // Modem lines, in MSR bit positions: what the test drives, and what MSR last showed.
  private externalLines = 0
  private shownLines = 0
  private msrDelta = 0

  constructor(options: Uart16550Options = {}) {
    const { name = 'uart16550', regShift = 0, fifoSize = 16, clockHz = 1_843_200 } = options
    if (regShift !== 0 && regShift !== 2) throw new RangeError(`regShift must be 0 or 2, got ${String(regShift)}`)
    if (!Number.isInteger(fifoSize) || fifoSize < 1) throw new RangeError(`fifoSize must be a positive integer`)
    if (!(clockHz > 0)) throw new RangeError(`clockHz must be positive`)
    this.name = name
    this.regShift = regShift
    this.size = Math.max(8, 8 << regShift)
    this.fifoSize = fifoSize
    this.clockHz = clockHz
    this.txInstant = options.txInstant ?? false
    this.out2Gates = options.out2Gates ?? true
  }

  connect(bus: DeviceBus): void {
    this.bus = bus
    this.startTx()
    this.armCti()
    this.updateIrq()
  }

  // ---- MMIO -------------------------------------------------------------------------------------------

  read(offset: number, _width: AccessWidth): number {
    const reg = this.decode(offset)
    if (reg < 0) return OPEN_BUS
    const value = this.readReg(reg)
    this.updateIrq()
    return value
  }

  write(offset: number, _width: AccessWidth, value: number): void {
    const reg = this.decode(offset)
    if (reg < 0) return
    this.writeReg(reg, value & 0xff)
    this.updateIrq()
  }

  /** Register index for a byte offset, or -1 when nothing decodes there. */
  private decode(offset: number): number {
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.size) return -1
    if (offset & ((1 << this.regShift) - 1)) return -1
    return offset >> this.regShift
  }

  private get dlab(): boolean {
    return (this.lcr & LCR_DLAB) !== 0
  }

  private readReg(reg: number): number {
    switch (reg) {
      case RBR: return this.dlab ? this.divisor & 0xff : this.readRbr()
      case IER: return this.dlab ? this.divisor >> 8 : this.ier
      case IIR: return this.readIir()
      case LCR: return this.lcr
      case MCR: return this.mcr
      case LSR: return this.readLsr()
      case MSR: return this.readMsr()
      default: return this.scr
    }
  }

  private writeReg(reg: number, v: number): void {
    switch (reg) {
      case THR: return this.dlab ? this.setDivisor((this.divisor & 0xff00) | v) : this.writeThr(v)
      case IER: return this.dlab ? this.setDivisor((this.divisor & 0xff) | (v << 8)) : this.writeIer(v)
      case FCR: return this.writeFcr(v)
      case LCR: this.lcr = v; return
      case MCR: return this.writeMcr(v)
      case SCR: this.scr = v; return
      default: return // LSR, MSR: factory-test writes, ignored
    }
  }

  // ---- Register reads with side effects --------------------------------------------------------------

  private readRbr(): number {
    const top = this.rx.shift()
    this.topLatched = false
    this.surfaceTop()
    // A CPU read clears an occurred timeout and restarts the timer (datasheet, "FIFO interrupt mode").
    this.cti = false
    this.armCti()
    return top ? top.byte : 0
  }

  private readIir(): number {
    const id = this.pendingId()
    if (id === IIR_THRE) this.thri = false
    return id | this.fifoBits()
  }

  private readLsr(): number {
    const value = this.lsrValue()
    this.lsrErrors = 0
    return value
  }

  private readMsr(): number {
    const value = this.msrValue()
    this.msrDelta = 0
    return value
  }

  // ---- Register writes ---------------------------------------------------------------------------------

  private setDivisor(divisor: number): void {
    this.divisor = divisor
    // Going from 0 to a real divisor starts the baud clock: waiting bytes may now go, the timeout may run.
    this.startTx()
    if (!this.cancelCti && !this.cti) this.armCti()
  }

  private writeIer(v: number): void {
    const rising = v & ~this.ier & IER_ETBEI
    this.ier = v & 0x0f
    // Enabling ETBEI with THR already empty raises THRE at once. Windows serial drivers rely on this (they
    // toggle IER to kick the transmitter); like Bochs and QEMU, only the rising edge samples THRE.
    if (rising && this.tx.length === 0) this.thri = true
    if (!(this.ier & IER_ETBEI)) this.thri = false
  }

  private writeFcr(v: number): void {
    const enable = (v & FCR_ENABLE) !== 0
    if (enable !== this.fifoEnabled) {
      // Switching between FIFO and 16450 mode empties both FIFOs.
      this.clearRx()
      this.clearTx()
      this.fifoEnabled = enable
    }
    if (!enable) return // with FCR0 = 0 the other bits are not programmed
    if (v & FCR_CLEAR_RX) this.clearRx()
    if (v & FCR_CLEAR_TX) this.clearTx()
    this.trigger = Math.min(rxTriggerLevel(v), this.fifoSize)
  }

  private writeMcr(v: number): void {
    this.mcr = v & 0x1f
    this.refreshModem()
  }

  private writeThr(v: number): void {
    this.thri = false
    if (this.txInstant) {
      this.deliver(v)
      this.thri = true // the holding register is empty again at once
      return
    }
    if (this.tx.length >= this.txCapacity) return // lost, as on hardware
    this.tx.push(v)
    this.startTx()
  }

  // ---- Receiver ----------------------------------------------------------------------------------------

  private get rxCapacity(): number {
    return this.fifoEnabled ? this.fifoSize : 1
  }

  /** A character has completed on the receiver input. */
  private receive(byte: number, errors: number): void {
    if (this.rx.length >= this.rxCapacity) {
      this.lsrErrors |= LSR_OE
    } else {
      this.rx.push({ byte: byte & 0xff, errors })
      this.surfaceTop()
    }
    // Any received character restarts the timeout, unless a timeout has already occurred.
    if (!this.cti) this.armCti()
  }

  /** PE/FE/BI of a byte become visible in LSR when it reaches the top of the FIFO, once. */
  private surfaceTop(): void {
    const top = this.rx[0]
    if (!top || this.topLatched) return
    this.lsrErrors |= top.errors
    this.topLatched = true
  }

  private clearRx(): void {
    this.rx.length = 0
    this.topLatched = false
    this.cti = false
    this.armCti()
  }

  /** (Re)start the character timeout: 4 character times with data waiting and no RX activity. */
  private armCti(): void {
    this.cancelCti?.()
    this.cancelCti = null
    const ms = this.charMs()
    if (!this.bus || !this.fifoEnabled || this.rx.length === 0 || ms === null) return
    this.cancelCti = this.bus.clock.schedule(4 * ms, () => {
      this.cancelCti = null
      if (this.fifoEnabled && this.rx.length > 0) this.cti = true
      this.updateIrq()
    })
  }

  // ---- Transmitter -------------------------------------------------------------------------------------

  private get txCapacity(): number {
    return this.fifoEnabled ? this.fifoSize : 1
  }

  /** Milliseconds per character at the current divisor and framing, or null with no baud clock. */
  private charMs(): number | null {
    if (this.divisor === 0) return null
    return (frameBits(this.lcr) * 16 * this.divisor * 1000) / this.clockHz
  }

  /** Move the next byte into the shift register if it is free, and time its transmission. */
  private startTx(): void {
    const ms = this.charMs()
    if (this.shifting !== null || this.tx.length === 0 || !this.bus || ms === null) return
    this.shifting = this.tx.shift()!
    if (this.tx.length === 0) this.thri = true // the FIFO just became empty
    this.bus.clock.schedule(ms, () => this.finishTx())
  }

  private finishTx(): void {
    const byte = this.shifting!
    this.shifting = null
    this.deliver(byte)
    this.startTx()
    this.updateIrq()
  }

  private clearTx(): void {
    const hadData = this.tx.length > 0
    this.tx.length = 0
    if (hadData) this.thri = true
  }

  /** A byte leaves the shift register: onto the wire, or back into the receiver in loopback. */
  private deliver(byte: number): void {
    if (this.mcr & MCR_LOOP) this.receive(byte, 0)
    else this.wire.push(byte)
  }

  // ---- Modem lines -------------------------------------------------------------------------------------

  /** The modem inputs as MSR sees them; in loopback they are wired to the MCR outputs. */
  private effectiveLines(): number {
    if (!(this.mcr & MCR_LOOP)) return this.externalLines
    const m = this.mcr
    return (m & MCR_RTS ? MSR_CTS : 0) | (m & MCR_DTR ? MSR_DSR : 0) | (m & MCR_OUT1 ? MSR_RI : 0) |
      (m & MCR_OUT2 ? MSR_DCD : 0)
  }

  /** Fold any change of the modem inputs into the MSR delta bits. */
  private refreshModem(): void {
    const now = this.effectiveLines()
    const changed = now ^ this.shownLines
    if (changed & MSR_CTS) this.msrDelta |= MSR_DCTS
    if (changed & MSR_DSR) this.msrDelta |= MSR_DDSR
    if (changed & MSR_DCD) this.msrDelta |= MSR_DDCD
    if (changed & this.shownLines & MSR_RI) this.msrDelta |= MSR_TERI // RI trailing edge only
    this.shownLines = now
  }

  // ---- Interrupts ----------------------------------------------------------------------------------------

  /** The IIR identification of the highest-priority enabled pending interrupt. */
  private pendingId(): number {
    const ier = this.ier
    if (ier & IER_ELSI && this.lsrErrors) return IIR_RLS
    if (ier & IER_ERBFI) {
      const level = this.fifoEnabled ? this.trigger : 1
      if (this.rx.length >= level) return IIR_RDA
      if (this.cti) return IIR_CTI
    }
    if (ier & IER_ETBEI && this.thri) return IIR_THRE
    if (ier & IER_EDSSI && this.msrDelta) return IIR_MS
    return IIR_NO_INT
  }

  private updateIrq(): void {
    const bus = this.bus
    if (!bus) return
    const gateOpen = !this.out2Gates || (this.mcr & MCR_OUT2) !== 0
    const want = gateOpen && this.pendingId() !== IIR_NO_INT
    if (want === this.driving) return
    this.driving = want
    if (want) bus.irq.raise()
    else bus.irq.lower()
  }

  // ---- Side-effect-free views ----------------------------------------------------------------------------

  private fifoBits(): number {
    return this.fifoEnabled ? IIR_FIFO_ENABLED : 0
  }

  private lsrValue(): number {
    const txEmpty = this.tx.length === 0
    let v = this.lsrErrors
    if (this.rx.length > 0) v |= LSR_DR
    if (txEmpty) v |= LSR_THRE
    if (txEmpty && this.shifting === null) v |= LSR_TEMT
    if (this.fifoEnabled && this.rx.some((e) => e.errors !== 0)) v |= LSR_FIFO_ERR
    return v
  }

  private msrValue(): number {
    return this.shownLines | this.msrDelta
  }

  // ---- Test-side handle ----------------------------------------------------------------------------------

  /** Bytes arriving on the receive line now (strings as latin1). Lost while in loopback: SIN is disconnected. */
  inject(data: string | Uint8Array | readonly number[]): void {
    for (const byte of toBytes(data)) this.arrive(byte, this.takePendingError())
    this.updateIrq()
  }

  /** A break condition on the receive line: one 0 byte flagged with LSR_BI. */
  injectBreak(): void {
    this.arrive(0, LSR_BI)
    this.updateIrq()
  }

  /** Give the next byte to arrive a parity or framing error (calls accumulate until that byte). */
  injectError(kind: UartErrorKind): void {
    this.pendingError |= kind === 'parity' ? LSR_PE : LSR_FE
  }

  /** Drive the modem input lines; omitted lines keep their state. */
  setModemLines(lines: ModemLines): void {
    const bit = (on: boolean | undefined, mask: number): void => {
      if (on !== undefined) this.externalLines = on ? this.externalLines | mask : this.externalLines & ~mask
    }
    bit(lines.cts, MSR_CTS)
    bit(lines.dsr, MSR_DSR)
    bit(lines.ri, MSR_RI)
    bit(lines.dcd, MSR_DCD)
    this.refreshModem()
    this.updateIrq()
  }

  /** The bytes that reached the wire since the last call; clears them. */
  takeSent(): Uint8Array {
    const out = Uint8Array.from(this.wire)
    this.wire.length = 0
    return out
  }

  /** The bytes on the wire as latin1 text, without clearing them. */
  sentText(): string {
    let s = ''
    for (const b of this.wire) s += String.fromCharCode(b)
    return s
  }

  get rxCount(): number {
    return this.rx.length
  }

  /** Bytes not yet on the wire: TX FIFO plus shift register. */
  get txPending(): number {
    return this.tx.length + (this.shifting === null ? 0 : 1)
  }

  /** Current baud rate; 0 while the divisor latch is 0. */
  get baud(): number {
    return this.divisor === 0 ? 0 : this.clockHz / (16 * this.divisor)
  }

  /** Whether this device is currently driving its IRQ line (always false before `connect`). */
  get irqAsserted(): boolean {
    return this.driving
  }

  registers(): UartRegisterSnapshot {
    return {
      ier: this.ier,
      iir: this.pendingId() | this.fifoBits(),
      lcr: this.lcr,
      mcr: this.mcr,
      lsr: this.lsrValue(),
      msr: this.msrValue(),
    }
  }

  private arrive(byte: number, errors: number): void {
    if (this.mcr & MCR_LOOP) return
    this.receive(byte, errors)
  }

  private takePendingError(): number {
    const e = this.pendingError
    this.pendingError = 0
    return e
  }
}

function toBytes(data: string | Uint8Array | readonly number[]): number[] {
  if (typeof data !== 'string') return Array.from(data, (b) => b & 0xff)
  // latin1: each UTF-16 code unit keeps its low byte, as Buffer.from(s, 'latin1') does.
  const out: number[] = []
  for (let i = 0; i < data.length; i++) out.push(data.charCodeAt(i) & 0xff)
  return out
}
