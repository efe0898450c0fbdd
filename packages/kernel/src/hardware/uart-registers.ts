// The 16550A register map, as a driver author spells it. Register names are *indices*: the byte offset in the
// device window is `index << regShift` (regShift 0 on PC-style ports, 2 on SoCs with 32-bit register stride).
// Bit names follow the National Semiconductor PC16550D datasheet.

// --- Register indices -------------------------------------------------------------------------------------
/** Receiver Buffer Register (read, DLAB = 0): pops the oldest received byte. */
export const RBR = 0
/** Transmitter Holding Register (write, DLAB = 0): queues a byte for transmission. */
export const THR = 0
/** Divisor Latch low byte (read/write, DLAB = 1). */
export const DLL = 0
/** Interrupt Enable Register (read/write, DLAB = 0). */
export const IER = 1
/** Divisor Latch high byte (read/write, DLAB = 1). */
export const DLM = 1
/** Interrupt Identification Register (read): highest-priority pending interrupt. */
export const IIR = 2
/** FIFO Control Register (write-only; reads of this index return IIR). */
export const FCR = 2
/** Line Control Register: word length, stop bits, parity, break, DLAB. */
export const LCR = 3
/** Modem Control Register: DTR, RTS, OUT1, OUT2, loopback. */
export const MCR = 4
/** Line Status Register (read): data ready, errors, transmitter empty. Reading clears the error bits. */
export const LSR = 5
/** Modem Status Register (read): modem input lines and their delta bits. Reading clears the deltas. */
export const MSR = 6
/** Scratch Register: 8 bits of storage with no effect on the UART. */
export const SCR = 7

// --- IER ----------------------------------------------------------------------------------------------------
/** Enable Received Data Available interrupt (and, with FIFOs, the character timeout interrupt). */
export const IER_ERBFI = 0x01
/** Enable Transmitter Holding Register Empty interrupt. */
export const IER_ETBEI = 0x02
/** Enable Receiver Line Status interrupt (OE, PE, FE, BI). */
export const IER_ELSI = 0x04
/** Enable Modem Status interrupt (any MSR delta bit). */
export const IER_EDSSI = 0x08

// --- IIR ----------------------------------------------------------------------------------------------------
/** Bit 0 set: no interrupt pending. */
export const IIR_NO_INT = 0x01
/** Mask of the interrupt identification bits (bits 0–3). */
export const IIR_ID_MASK = 0x0f
/** Priority 1: receiver line status (an error or break; cleared by reading LSR). */
export const IIR_RLS = 0x06
/** Priority 2: received data at or above the trigger level (cleared by reading RBR below it). */
export const IIR_RDA = 0x04
/** Priority 2: character timeout, FIFO mode only (cleared by reading RBR). */
export const IIR_CTI = 0x0c
/** Priority 3: transmitter holding register empty (cleared by reading IIR or writing THR). */
export const IIR_THRE = 0x02
/** Priority 4: modem status change (cleared by reading MSR). */
export const IIR_MS = 0x00
/** Bits 6–7: both set when the FIFOs are enabled. */
export const IIR_FIFO_ENABLED = 0xc0

// --- FCR ----------------------------------------------------------------------------------------------------
/** Enable both FIFOs. Must be set for the other FCR bits to take effect; changing it empties both FIFOs. */
export const FCR_ENABLE = 0x01
/** Empty the receive FIFO (self-clearing). */
export const FCR_CLEAR_RX = 0x02
/** Empty the transmit FIFO; the byte already shifting out finishes (self-clearing). */
export const FCR_CLEAR_TX = 0x04
/** DMA mode select (accepted and ignored: this model has no DMA pins). */
export const FCR_DMA_MODE = 0x08
/** Mask of the receive trigger level bits. */
export const FCR_TRIGGER_MASK = 0xc0
/** Receive trigger level: 1 byte. */
export const FCR_TRIGGER_1 = 0x00
/** Receive trigger level: 4 bytes. */
export const FCR_TRIGGER_4 = 0x40
/** Receive trigger level: 8 bytes. */
export const FCR_TRIGGER_8 = 0x80
/** Receive trigger level: 14 bytes. */
export const FCR_TRIGGER_14 = 0xc0

// --- LCR ----------------------------------------------------------------------------------------------------
/** Mask of the word length bits. */
export const LCR_WLS_MASK = 0x03
/** Word length 5 bits. */
export const LCR_WLS_5 = 0x00
/** Word length 6 bits. */
export const LCR_WLS_6 = 0x01
/** Word length 7 bits. */
export const LCR_WLS_7 = 0x02
/** Word length 8 bits. */
export const LCR_WLS_8 = 0x03
/** Stop bits: 2 (1.5 with 5-bit words) instead of 1. */
export const LCR_STB = 0x04
/** Parity enable. */
export const LCR_PEN = 0x08
/** Even parity select (with PEN). */
export const LCR_EPS = 0x10
/** Stick parity (with PEN). */
export const LCR_STICK = 0x20
/** Set break: hold the line in the spacing state (stored in LCR only; the model sends no break to the wire). */
export const LCR_BREAK = 0x40
/** Divisor Latch Access Bit: indices 0/1 address DLL/DLM instead of RBR/THR/IER. */
export const LCR_DLAB = 0x80

// --- MCR ----------------------------------------------------------------------------------------------------
/** Data Terminal Ready output (loops back to DSR). */
export const MCR_DTR = 0x01
/** Request To Send output (loops back to CTS). */
export const MCR_RTS = 0x02
/** OUT1 output (loops back to RI). */
export const MCR_OUT1 = 0x04
/** OUT2 output: on PC-style wiring it gates the interrupt line (loops back to DCD). */
export const MCR_OUT2 = 0x08
/** Local loopback: the transmitter feeds the receiver, modem outputs feed modem inputs. */
export const MCR_LOOP = 0x10

// --- LSR ----------------------------------------------------------------------------------------------------
/** Data Ready: at least one byte in the receive FIFO / buffer. */
export const LSR_DR = 0x01
/** Overrun Error: a byte arrived with the receiver full and was lost. */
export const LSR_OE = 0x02
/** Parity Error of the byte at the top of the receive FIFO. */
export const LSR_PE = 0x04
/** Framing Error of the byte at the top of the receive FIFO. */
export const LSR_FE = 0x08
/** Break Interrupt: the byte at the top of the receive FIFO is a break (a 0 byte). */
export const LSR_BI = 0x10
/** Transmitter Holding Register Empty: the transmit FIFO is empty. */
export const LSR_THRE = 0x20
/** Transmitter Empty: the transmit FIFO and the shift register are both empty. */
export const LSR_TEMT = 0x40
/** FIFO mode only: at least one byte with PE, FE or BI is in the receive FIFO. */
export const LSR_FIFO_ERR = 0x80
/** The error bits that raise the receiver line status interrupt and clear on an LSR read. */
export const LSR_ERROR_MASK = LSR_OE | LSR_PE | LSR_FE | LSR_BI

// --- MSR ----------------------------------------------------------------------------------------------------
/** Delta CTS: CTS changed since MSR was last read. */
export const MSR_DCTS = 0x01
/** Delta DSR: DSR changed since MSR was last read. */
export const MSR_DDSR = 0x02
/** Trailing Edge RI: RI went from on to off since MSR was last read. */
export const MSR_TERI = 0x04
/** Delta DCD: DCD changed since MSR was last read. */
export const MSR_DDCD = 0x08
/** Mask of the four delta bits (any set raises the modem status interrupt). */
export const MSR_DELTA_MASK = 0x0f
/** Clear To Send input. */
export const MSR_CTS = 0x10
/** Data Set Ready input. */
export const MSR_DSR = 0x20
/** Ring Indicator input. */
export const MSR_RI = 0x40
/** Data Carrier Detect input. */
export const MSR_DCD = 0x80

// --- Decoders -----------------------------------------------------------------------------------------------
const TRIGGER_LEVELS = [1, 4, 8, 14] as const

/** The receive trigger level (bytes) selected by an FCR value. */
export function rxTriggerLevel(fcr: number): number {
  return TRIGGER_LEVELS[(fcr & FCR_TRIGGER_MASK) >> 6]!
}

/** Bit times per character on the wire for an LCR value: start + data + parity + stop (1, 1.5 or 2). */
export function frameBits(lcr: number): number {
  const data = 5 + (lcr & LCR_WLS_MASK)
  const parity = lcr & LCR_PEN ? 1 : 0
  const stop = lcr & LCR_STB ? (data === 5 ? 1.5 : 2) : 1
  return 1 + data + parity + stop
}
