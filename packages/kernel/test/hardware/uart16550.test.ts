import { describe, expect, test } from 'vitest'
import { Uart16550 } from '../../src/hardware/uart16550.js'
import {
  DLL, DLM, FCR, FCR_CLEAR_RX, FCR_CLEAR_TX, FCR_ENABLE, FCR_TRIGGER_1, FCR_TRIGGER_14, FCR_TRIGGER_4,
  FCR_TRIGGER_8, IER, IER_EDSSI, IER_ELSI, IER_ERBFI, IER_ETBEI, IIR, IIR_CTI, IIR_FIFO_ENABLED, IIR_MS,
  IIR_NO_INT, IIR_RDA, IIR_RLS, IIR_THRE, LCR, LCR_DLAB, LCR_PEN, LCR_STB, LCR_WLS_7, LCR_WLS_8, LSR, LSR_BI,
  LSR_DR, LSR_FE, LSR_FIFO_ERR, LSR_OE, LSR_PE, LSR_TEMT, LSR_THRE, MCR, MCR_DTR, MCR_LOOP, MCR_OUT1, MCR_OUT2,
  MCR_RTS, MSR, MSR_CTS, MSR_DCD, MSR_DCTS, MSR_DDCD, MSR_DDSR, MSR_DSR, MSR_RI, MSR_TERI, RBR, SCR, THR,
  frameBits,
} from '../../src/hardware/uart-registers.js'
import { CHAR_MS, rig, writeText } from './uart-fakes.js'

const FIFO = FCR_ENABLE
const FIFO_IIR_NONE = IIR_FIFO_ENABLED | IIR_NO_INT

describe('divisor latch and baud', () => {
  test('DLAB switches offsets 0/1 to DLL/DLM and sets the baud rate', () => {
    const { uart, r, w } = rig({ clockHz: 1_843_200 })
    expect(uart.baud).toBe(0) // divisor resets to 0: no baud clock
    w(LCR, LCR_DLAB | LCR_WLS_8)
    w(DLL, 12)
    w(DLM, 0)
    expect(uart.baud).toBe(9600)
    expect([r(DLL), r(DLM)]).toEqual([12, 0])
    w(DLL, 0)
    w(DLM, 1)
    expect(uart.baud).toBe(450) // divisor 256
    w(LCR, LCR_WLS_8)
    w(IER, IER_ERBFI) // same offset as DLM, now IER
    expect(r(IER)).toBe(IER_ERBFI)
    expect(uart.baud).toBe(450)
    w(LCR, LCR_DLAB)
    expect(r(DLM)).toBe(1)
    w(DLM, 0)
    w(DLL, 1)
    expect(uart.baud).toBe(115200)
  })

  test('divisor 0 transmits nothing until a divisor is programmed', () => {
    const { uart, clock, r, w } = rig()
    w(LCR, LCR_WLS_8)
    w(THR, 0x41)
    clock.advance(1000)
    expect(uart.sentText()).toBe('')
    expect(uart.txPending).toBe(1)
    expect(r(LSR) & LSR_THRE).toBe(0)
    w(LCR, LCR_DLAB | LCR_WLS_8)
    w(DLL, 1)
    w(LCR, LCR_WLS_8)
    clock.advance(CHAR_MS)
    expect(uart.sentText()).toBe('A')
  })
})

describe('transmitter', () => {
  test('each byte reaches the wire after 10 bit times; THRE and TEMT follow the FIFO and shift register', () => {
    const { uart, clock, r, w, init } = rig()
    init({ fcr: FIFO })
    expect(r(LSR) & (LSR_THRE | LSR_TEMT)).toBe(LSR_THRE | LSR_TEMT)
    writeText(w, 'abc')
    // 'a' moved straight to the shift register; 'b','c' wait in the FIFO.
    expect(r(LSR) & (LSR_THRE | LSR_TEMT)).toBe(0)
    expect(uart.txPending).toBe(3)
    clock.advance(CHAR_MS - 0.5)
    expect(uart.sentText()).toBe('')
    clock.advance(0.5)
    expect(uart.sentText()).toBe('a')
    // 'b' is shifting and 'c' still waits in the FIFO.
    expect(r(LSR) & (LSR_THRE | LSR_TEMT)).toBe(0)
    clock.advance(CHAR_MS - 0.5)
    expect(uart.sentText()).toBe('a')
    clock.advance(0.5)
    expect(uart.sentText()).toBe('ab')
    // 'c' is now shifting: FIFO empty, shift register busy.
    expect(r(LSR) & (LSR_THRE | LSR_TEMT)).toBe(LSR_THRE)
    clock.advance(CHAR_MS - 0.5)
    expect(uart.sentText()).toBe('ab')
    clock.advance(0.5)
    expect(uart.takeSent()).toEqual(Uint8Array.from([0x61, 0x62, 0x63]))
    expect(uart.sentText()).toBe('')
    expect(r(LSR) & (LSR_THRE | LSR_TEMT)).toBe(LSR_THRE | LSR_TEMT)
    expect(uart.txPending).toBe(0)
  })

  test('character time follows LCR framing (7E2 = 11 bits)', () => {
    expect(frameBits(LCR_WLS_8)).toBe(10)
    expect(frameBits(LCR_WLS_7 | LCR_PEN | LCR_STB)).toBe(11)
    expect(frameBits(0 | LCR_STB)).toBe(7.5) // 5 data bits, 1.5 stop
    const { uart, clock, w, init } = rig()
    init()
    w(LCR, LCR_WLS_7 | LCR_PEN | LCR_STB)
    w(THR, 0x55)
    clock.advance(10.9)
    expect(uart.sentText()).toBe('')
    clock.advance(0.1)
    expect(uart.sentText()).toBe('U')
  })

  test('a single write leaves THRE set at once (byte went to the shift register) but not TEMT', () => {
    const { clock, r, w, init } = rig()
    init()
    w(THR, 1)
    expect(r(LSR) & (LSR_THRE | LSR_TEMT)).toBe(LSR_THRE)
    clock.advance(CHAR_MS)
    expect(r(LSR) & LSR_TEMT).toBe(LSR_TEMT)
  })

  test('txInstant puts bytes on the wire during the THR write, even unconnected and with divisor 0', () => {
    const { uart, r, w } = rig({ txInstant: true }, false)
    writeText(w, 'hello')
    expect(uart.sentText()).toBe('hello')
    expect(uart.txPending).toBe(0)
    expect(r(LSR) & (LSR_THRE | LSR_TEMT)).toBe(LSR_THRE | LSR_TEMT)
  })

  test('a full TX FIFO drops further writes', () => {
    const { uart, clock, w, init } = rig()
    init({ fcr: FIFO })
    const data = Array.from({ length: 18 }, (_, i) => 0x30 + i)
    for (const b of data) w(THR, b)
    expect(uart.txPending).toBe(17) // 1 shifting + 16 queued; the 18th is lost
    clock.advance(CHAR_MS * 20)
    expect(Array.from(uart.takeSent())).toEqual(data.slice(0, 17))
  })

  test('without FIFOs the holding register takes one byte while another shifts out', () => {
    const { uart, clock, w, init } = rig()
    init()
    writeText(w, 'xyz')
    expect(uart.txPending).toBe(2)
    clock.advance(CHAR_MS * 5)
    expect(uart.sentText()).toBe('xy')
  })

  test('FCR clear TX empties the FIFO but the byte in the shift register finishes', () => {
    const { uart, clock, r, w, init } = rig()
    init({ fcr: FIFO })
    writeText(w, 'abcd')
    w(FCR, FIFO | FCR_CLEAR_TX)
    expect(uart.txPending).toBe(1)
    expect(r(LSR) & LSR_THRE).toBe(LSR_THRE)
    clock.advance(CHAR_MS * 5)
    expect(uart.sentText()).toBe('a')
    // Self-clearing: the next FCR write without the bit keeps the FIFO working.
    w(FCR, FIFO)
    writeText(w, 'ef')
    clock.advance(CHAR_MS * 2)
    expect(uart.sentText()).toBe('aef')
  })

  test('a wide write to THR sends only the low byte', () => {
    const { uart, init } = rig({ txInstant: true })
    init()
    uart.write(THR, 4, 0x12345641)
    uart.write(THR, 2, 0xff42)
    expect(uart.sentText()).toBe('AB')
  })
})

describe('receiver', () => {
  test('injected bytes set DR and pop from RBR in order; empty RBR reads 0', () => {
    const { uart, r, init } = rig()
    init({ fcr: FIFO })
    expect(r(LSR) & LSR_DR).toBe(0)
    uart.inject('hi')
    uart.inject([0x1ff, 0x7f]) // numbers keep their low byte
    expect(uart.rxCount).toBe(4)
    expect(r(LSR) & LSR_DR).toBe(LSR_DR)
    expect([r(RBR), r(RBR), r(RBR), r(RBR)]).toEqual([0x68, 0x69, 0xff, 0x7f])
    expect(r(LSR) & LSR_DR).toBe(0)
    expect(r(RBR)).toBe(0)
    uart.inject('\u00e9\u0141') // latin1: low byte of each code unit
    expect([r(RBR), r(RBR)]).toEqual([0xe9, 0x41])
  })

  test('RX FIFO overflow drops the byte and sets OE until LSR is read', () => {
    const { uart, r, init } = rig()
    init({ fcr: FIFO })
    uart.inject(Array.from({ length: 17 }, (_, i) => i + 1))
    expect(uart.rxCount).toBe(16)
    expect(r(LSR) & (LSR_OE | LSR_DR)).toBe(LSR_OE | LSR_DR)
    expect(r(LSR) & LSR_OE).toBe(0)
    const got = Array.from({ length: 16 }, () => r(RBR))
    expect(got).toEqual(Array.from({ length: 16 }, (_, i) => i + 1))
  })

  test('without FIFOs the receiver holds one byte', () => {
    const { uart, r, init } = rig()
    init()
    uart.inject('ab')
    expect(uart.rxCount).toBe(1)
    expect(r(LSR) & LSR_OE).toBe(LSR_OE)
    expect(r(RBR)).toBe(0x61)
  })

  test('FCR clear RX empties the receive FIFO; switching FIFO mode empties both', () => {
    const { uart, r, w, init } = rig()
    init({ fcr: FIFO })
    uart.inject('abc')
    w(FCR, FIFO | FCR_CLEAR_RX)
    expect(uart.rxCount).toBe(0)
    uart.inject('d')
    expect(r(RBR)).toBe(0x64)
    uart.inject('e')
    w(FCR, 0)
    expect(uart.rxCount).toBe(0)
    expect(r(IIR)).toBe(IIR_NO_INT) // no FIFO bits in 16450 mode
  })
})

describe('receive interrupts: trigger levels and character timeout', () => {
  test.each([
    [FCR_TRIGGER_1, 1],
    [FCR_TRIGGER_4, 4],
    [FCR_TRIGGER_8, 8],
    [FCR_TRIGGER_14, 14],
  ])('FCR trigger bits %i give RDA at %i bytes', (bits, level) => {
    const { uart, r, irq, init } = rig()
    init({ fcr: FIFO | bits, ier: IER_ERBFI })
    uart.inject(new Uint8Array(level - 1))
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
    expect(irq.asserted).toBe(false)
    uart.inject([0])
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_RDA)
    expect(irq.asserted).toBe(true)
    r(RBR) // back below the trigger level
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
    expect(irq.asserted).toBe(false)
  })

  test('in 16450 mode one byte raises RDA and no timeout timer runs', () => {
    const { uart, r, clock, init } = rig()
    init({ ier: IER_ERBFI })
    uart.inject('q')
    expect(clock.pending).toBe(0)
    expect(r(IIR)).toBe(IIR_RDA)
    expect(r(RBR)).toBe(0x71)
    expect(r(IIR)).toBe(IIR_NO_INT)
  })

  test('CTI fires after 4 character times of silence below the trigger level, not before', () => {
    const { uart, r, clock, irq, init } = rig()
    init({ fcr: FIFO | FCR_TRIGGER_8, ier: IER_ERBFI })
    uart.inject('ab')
    clock.advance(4 * CHAR_MS - 0.5)
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
    expect(irq.asserted).toBe(false)
    clock.advance(0.5)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_CTI)
    expect(irq.events).toEqual(['raise@40'])
    // A new byte does not clear a timeout that has occurred; reading RBR does, and restarts the timer.
    uart.inject('c')
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_CTI)
    expect(r(RBR)).toBe(0x61)
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
    expect(irq.asserted).toBe(false)
    clock.advance(4 * CHAR_MS)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_CTI)
    r(RBR)
    r(RBR)
    clock.advance(10 * CHAR_MS) // empty FIFO: no timeout
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
  })

  test('each received byte re-arms the timeout', () => {
    const { uart, r, clock, init } = rig()
    init({ fcr: FIFO | FCR_TRIGGER_14, ier: IER_ERBFI })
    uart.inject('a')
    clock.advance(30)
    uart.inject('b')
    clock.advance(30) // t = 60: 40 ms after 'a' but only 30 after 'b'
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
    clock.advance(10)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_CTI)
  })

  test('each RBR read re-arms the timeout', () => {
    const { uart, r, clock, init } = rig()
    init({ fcr: FIFO | FCR_TRIGGER_14, ier: IER_ERBFI })
    uart.inject('abc')
    clock.advance(30)
    r(RBR)
    clock.advance(30)
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
    clock.advance(10)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_CTI)
  })
})

describe('THRE interrupt', () => {
  test('cleared by reading IIR, re-armed when the FIFO empties, cleared by writing THR', () => {
    const { r, w, clock, irq, init } = rig()
    init({ fcr: FIFO })
    w(IER, IER_ETBEI)
    expect(irq.asserted).toBe(true) // enabled with an empty FIFO
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_THRE)
    expect(irq.asserted).toBe(false)
    expect(r(IIR)).toBe(FIFO_IIR_NONE) // the read consumed it
    writeText(w, 'abc')
    expect(irq.asserted).toBe(false)
    clock.advance(2 * CHAR_MS - 0.5)
    expect(irq.asserted).toBe(false) // 'b' shifting, 'c' still queued
    clock.advance(0.5) // 'c' enters the shift register: FIFO empty
    expect(irq.asserted).toBe(true)
    w(THR, 0x64) // writing THR clears it
    expect(irq.asserted).toBe(false)
    clock.advance(CHAR_MS)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_THRE)
  })

  test('enabling ETBEI with the FIFO already empty raises at once; only the rising edge samples', () => {
    const { r, w, irq, init } = rig()
    init()
    expect(irq.events).toEqual([])
    w(IER, IER_ETBEI)
    expect(irq.events).toEqual(['raise@0'])
    r(IIR)
    w(IER, IER_ETBEI) // no edge: nothing new
    expect(irq.asserted).toBe(false)
    w(IER, 0)
    w(IER, IER_ETBEI)
    expect(irq.events).toEqual(['raise@0', 'lower@0', 'raise@0'])
  })

  test('with txInstant, THRE re-arms after every write', () => {
    const { uart, r, w, irq, init } = rig({ txInstant: true })
    init({ fcr: FIFO, ier: IER_ETBEI })
    r(IIR)
    expect(irq.asserted).toBe(false)
    w(THR, 0x31)
    expect(irq.asserted).toBe(true)
    expect(uart.sentText()).toBe('1')
  })
})

describe('line status interrupt', () => {
  test('break: BI with a 0 byte, RLS interrupt cleared by reading LSR', () => {
    const { uart, r, irq, init } = rig()
    init({ fcr: FIFO, ier: IER_ELSI | IER_ERBFI })
    uart.injectBreak()
    expect(irq.asserted).toBe(true)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_RLS)
    const lsr = r(LSR)
    expect(lsr & (LSR_BI | LSR_DR | LSR_FIFO_ERR)).toBe(LSR_BI | LSR_DR | LSR_FIFO_ERR)
    expect(r(LSR) & LSR_BI).toBe(0)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_RDA) // the 0 byte is still there
    expect(r(RBR)).toBe(0)
    expect(r(LSR) & LSR_FIFO_ERR).toBe(0)
    expect(irq.asserted).toBe(false)
  })

  test('parity error surfaces when its byte reaches the top of the FIFO', () => {
    const { uart, r, init } = rig()
    init({ fcr: FIFO | FCR_TRIGGER_14, ier: IER_ELSI })
    uart.inject('x')
    uart.injectError('parity')
    uart.inject('yz')
    // 'y' is errored but 'x' is on top: only FIFO_ERR shows.
    expect(r(LSR) & (LSR_PE | LSR_FIFO_ERR)).toBe(LSR_FIFO_ERR)
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
    expect(r(RBR)).toBe(0x78)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_RLS)
    expect(r(LSR) & (LSR_PE | LSR_FE)).toBe(LSR_PE)
    expect(r(LSR) & (LSR_PE | LSR_FIFO_ERR)).toBe(LSR_FIFO_ERR) // latched once, errored byte still queued
    expect(r(RBR)).toBe(0x79)
    expect(r(LSR) & (LSR_PE | LSR_FIFO_ERR)).toBe(0) // 'z' is clean
  })

  test('framing error and overrun report through RLS', () => {
    const { uart, r, init } = rig()
    init({ ier: IER_ELSI })
    uart.injectError('framing')
    uart.inject('ab') // 16450 mode: 'b' overruns
    expect(r(IIR)).toBe(IIR_RLS)
    expect(r(LSR) & (LSR_FE | LSR_OE | LSR_FIFO_ERR)).toBe(LSR_FE | LSR_OE) // no FIFO_ERR outside FIFO mode
    expect(r(IIR)).toBe(IIR_NO_INT)
  })
})

describe('modem status', () => {
  test('line changes set delta bits and MS interrupt; reading MSR clears the deltas', () => {
    const { uart, r, irq, init } = rig()
    init({ ier: IER_EDSSI })
    uart.setModemLines({ cts: true, dcd: true })
    expect(irq.asserted).toBe(true)
    expect(r(IIR)).toBe(IIR_MS)
    expect(r(MSR)).toBe(MSR_CTS | MSR_DCD | MSR_DCTS | MSR_DDCD)
    expect(r(MSR)).toBe(MSR_CTS | MSR_DCD)
    expect(irq.asserted).toBe(false)
    uart.setModemLines({ cts: true }) // no change, no delta
    expect(r(IIR)).toBe(IIR_NO_INT)
    uart.setModemLines({ dsr: true, ri: true })
    expect(r(MSR)).toBe(MSR_CTS | MSR_DCD | MSR_DSR | MSR_RI | MSR_DDSR) // RI rising edge: no TERI
    uart.setModemLines({ ri: false })
    expect(r(MSR) & MSR_TERI).toBe(MSR_TERI)
  })
})

describe('priorities', () => {
  test('IIR reports RLS, then RDA, then THRE, then MS, as each is serviced', () => {
    const { uart, r, w, irq, init } = rig()
    init({ fcr: FIFO | FCR_TRIGGER_4 })
    uart.setModemLines({ cts: true })
    uart.inject(new Uint8Array(17)) // RDA and an overrun
    w(IER, IER_ERBFI | IER_ETBEI | IER_ELSI | IER_EDSSI)
    expect(irq.asserted).toBe(true)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_RLS)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_RLS) // reading IIR does not clear RLS
    r(LSR)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_RDA)
    while (uart.rxCount >= 4) r(RBR)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_THRE)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_MS)
    r(MSR)
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
    expect(irq.asserted).toBe(false)
  })

  test('an IIR read clears THRE only when THRE is the reported source', () => {
    const { uart, r, w, init } = rig()
    init({ fcr: FIFO })
    uart.inject('a')
    w(IER, IER_ERBFI | IER_ETBEI)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_RDA)
    r(RBR)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_THRE)
    expect(r(IIR)).toBe(FIFO_IIR_NONE)
  })
})

describe('loopback', () => {
  test('transmitted bytes return to RX after a character time and never reach the wire', () => {
    const { uart, r, w, clock, init } = rig()
    init({ fcr: FIFO, mcr: MCR_LOOP | MCR_OUT2 })
    writeText(w, 'ok')
    clock.advance(CHAR_MS - 1)
    expect(uart.rxCount).toBe(0)
    clock.advance(1 + CHAR_MS)
    expect(uart.sentText()).toBe('')
    expect([r(RBR), r(RBR)]).toEqual([0x6f, 0x6b])
    uart.inject('z') // SIN is disconnected in loopback
    expect(uart.rxCount).toBe(0)
    w(MCR, MCR_OUT2)
    w(THR, 0x21)
    clock.advance(CHAR_MS)
    expect(uart.sentText()).toBe('!')
  })

  test('modem outputs loop to modem inputs with deltas', () => {
    const { uart, r, w, init } = rig({ txInstant: true })
    init({ mcr: MCR_LOOP })
    uart.setModemLines({ cts: true, dsr: true, ri: true, dcd: true }) // not visible in loopback
    r(MSR)
    expect(r(MSR)).toBe(0)
    w(MCR, MCR_LOOP | MCR_RTS | MCR_DTR | MCR_OUT1 | MCR_OUT2)
    expect(r(MSR)).toBe(MSR_CTS | MSR_DSR | MSR_RI | MSR_DCD | MSR_DCTS | MSR_DDSR | MSR_DDCD)
    w(MCR, MCR_LOOP | MCR_RTS)
    expect(r(MSR)).toBe(MSR_CTS | MSR_DDSR | MSR_TERI | MSR_DDCD)
    w(THR, 0x42)
    expect(r(RBR)).toBe(0x42)
    w(MCR, 0) // back to the external lines
    expect(r(MSR)).toBe(MSR_CTS | MSR_DSR | MSR_RI | MSR_DCD | MSR_DDSR | MSR_DDCD)
  })
})

describe('IRQ line', () => {
  test('OUT2 gates the line by default', () => {
    const { uart, w, irq, init } = rig()
    init({ mcr: 0, ier: IER_ERBFI })
    uart.inject('a')
    expect(irq.asserted).toBe(false)
    expect(uart.irqAsserted).toBe(false)
    w(MCR, MCR_OUT2)
    expect(irq.asserted).toBe(true)
    expect(uart.irqAsserted).toBe(true)
    w(MCR, 0)
    expect(irq.events).toEqual(['raise@0', 'lower@0'])
  })

  test('out2Gates: false drives the line regardless of OUT2', () => {
    const { uart, irq, init } = rig({ out2Gates: false })
    init({ mcr: 0, ier: IER_ERBFI })
    uart.inject('a')
    expect(irq.asserted).toBe(true)
  })

  test('works unconnected without raising, and connect raises what is pending', () => {
    const { uart, clock, irq, init, r } = rig({}, false)
    init({ fcr: FIFO, ier: IER_ERBFI })
    uart.inject('a')
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_RDA)
    expect(uart.irqAsserted).toBe(false)
    writeText((reg, v) => uart.write(reg, 1, v), 'xy')
    expect(uart.txPending).toBe(2) // no clock yet: waiting
    uart.connect({ clock, irq })
    expect(irq.events).toEqual(['raise@0'])
    clock.advance(2 * CHAR_MS)
    expect(uart.sentText()).toBe('xy')
  })
})

describe('bus decoding', () => {
  test('regShift 2: registers on a 4-byte stride, wide accesses act on the low byte', () => {
    const uart = new Uart16550({ regShift: 2, txInstant: true })
    expect(uart.size).toBe(32)
    uart.write(LCR * 4, 4, 0xffffff00 | LCR_DLAB | LCR_WLS_8)
    expect(uart.read(LCR * 4, 4)).toBe(LCR_DLAB | LCR_WLS_8)
    uart.write(DLL * 4, 4, 0x0c)
    uart.write(DLM * 4, 4, 0)
    expect(uart.baud).toBe(9600)
    uart.write(LCR * 4, 1, LCR_WLS_8)
    uart.write(SCR * 4, 4, 0x5a)
    expect(uart.read(SCR * 4, 1)).toBe(0x5a)
    uart.write(THR * 4, 4, 0x41)
    expect(uart.sentText()).toBe('A')
    expect(uart.read(LSR * 4, 4)).toBe(LSR_THRE | LSR_TEMT)
    // Misaligned byte lanes and offsets past the window are open bus.
    expect(uart.read(LSR * 4 + 1, 1)).toBe(0xff)
    uart.write(SCR * 4 + 1, 1, 0)
    expect(uart.read(SCR * 4, 1)).toBe(0x5a)
    expect(uart.read(32, 4)).toBe(0xff)
  })

  test('regShift 0: 8-byte window, unknown offsets read 0xFF', () => {
    const uart = new Uart16550()
    expect(uart.size).toBe(8)
    uart.write(SCR, 1, 0x99)
    expect(uart.read(SCR, 2)).toBe(0x99)
    expect(uart.read(8, 1)).toBe(0xff)
    uart.write(8, 1, 0)
    expect(uart.read(IIR, 1)).toBe(IIR_NO_INT)
  })
})

describe('registers() snapshot', () => {
  test('has none of the side effects of a driver read', () => {
    const { uart, r, w, init } = rig()
    init({ fcr: FIFO, ier: IER_ETBEI | IER_EDSSI | IER_ELSI })
    uart.inject(new Uint8Array(17)) // overrun
    uart.setModemLines({ dsr: true })
    const first = uart.registers()
    expect(first).toEqual({
      ier: IER_ETBEI | IER_EDSSI | IER_ELSI,
      iir: IIR_FIFO_ENABLED | IIR_RLS,
      lcr: LCR_WLS_8,
      mcr: MCR_OUT2,
      lsr: LSR_DR | LSR_OE | LSR_THRE | LSR_TEMT,
      msr: MSR_DSR | MSR_DDSR,
    })
    expect(uart.registers()).toEqual(first)
    expect(uart.rxCount).toBe(16)
    // The driver still sees, and consumes, everything.
    expect(r(LSR) & LSR_OE).toBe(LSR_OE)
    expect(r(IIR)).toBe(IIR_FIFO_ENABLED | IIR_THRE)
    expect(uart.registers().iir).toBe(IIR_FIFO_ENABLED | IIR_MS)
    expect(r(MSR)).toBe(MSR_DSR | MSR_DDSR)
    expect(uart.registers()).toMatchObject({ iir: FIFO_IIR_NONE, msr: MSR_DSR, lsr: LSR_DR | LSR_THRE | LSR_TEMT })
    w(IER, 0)
  })
})

describe('determinism', () => {
  function scenario(): { wire: number[]; events: string[]; reads: number[] } {
    const { uart, r, w, clock, irq, init } = rig()
    init({ fcr: FIFO | FCR_TRIGGER_8, ier: IER_ERBFI | IER_ETBEI | IER_ELSI | IER_EDSSI })
    const reads: number[] = []
    writeText(w, 'The quick brown fox jumps')
    uart.inject('hello')
    clock.advance(15)
    uart.injectError('framing')
    uart.inject('w')
    uart.setModemLines({ cts: true })
    for (let step = 0; step < 40; step++) {
      clock.advance(7)
      for (let iir = r(IIR); !(iir & IIR_NO_INT); iir = r(IIR)) {
        reads.push(iir)
        if ((iir & 0x0f) === IIR_RLS) reads.push(r(LSR))
        else if ((iir & 0x0f) === IIR_MS) reads.push(r(MSR))
        else if ((iir & 0x0f) === IIR_CTI || (iir & 0x0f) === IIR_RDA) reads.push(r(RBR))
        else if ((iir & 0x0f) === IIR_THRE && step < 10) w(THR, 0x30 + step)
      }
    }
    return { wire: Array.from(uart.takeSent()), events: irq.events, reads }
  }

  test('identical call sequences give identical wire bytes, IRQ edges and register reads', () => {
    const a = scenario()
    const b = scenario()
    expect(a.wire.length).toBeGreaterThan(16)
    expect(a.events.length).toBeGreaterThan(4)
    expect(b).toEqual(a)
  })
})
