// serial.dll: an interrupt-driven driver for a 16550 UART, written the way a CE6 stream driver is.
//
// Init reads its registry key (IoBase/IoLen, SysIntr), maps the registers with MmMapIoSpace, programs the UART and
// starts an interrupt service thread (IST) bound to the SYSINTR. Received bytes go into a ring buffer in the driver's
// own heap; Write queues bytes in a second ring and lets THR-empty interrupts drain it. Read and Write block on
// events, with COMMTIMEOUTS. Threads run one at a time and switch only at blocking calls, so the rings need no
// locks between the IST and the callers (a real driver would use a critical section).
import {
  AccessViolation,
  ERROR_ACCESS_DENIED,
  ERROR_INSUFFICIENT_BUFFER,
  ERROR_INVALID_HANDLE,
  ERROR_INVALID_PARAMETER,
  ERROR_NOT_SUPPORTED,
  GENERIC_READ,
  INFINITE,
  LMEM_ZEROINIT,
  WAIT_TIMEOUT,
  defineDriver,
  offset,
  uart,
  type DriverContext,
  type OwnPtr,
  type ParamPtr,
} from '@cedk/kernel'
import * as io from './ioctls.js'

const RX_SIZE = 4096
const TX_SIZE = 4096
/** The 16550's FIFO depth: how many bytes one THR-empty interrupt may hand over. */
const TX_FIFO = 16
const UART_CLOCK = 1_843_200
const IST_PRIORITY = 103

interface Ring {
  buf: OwnPtr
  size: number
  head: number
  count: number
}

interface Port {
  regs: OwnPtr
  windowLen: number
  sysIntr: number
  hIntr: number
  hRxReady: number
  hTxDone: number
  hIst: number
  rx: Ring
  tx: Ring
  ier: number
  baud: number
  line: { stopBits: number; parity: number; wordLength: number }
  timeouts: io.CommTimeouts
  errors: number
  stopping: boolean
  reader: Open | null
  opens: number
}

interface Open {
  port: Port
  access: number
  closing: boolean
}

export default defineDriver('serial.dll', (ctx: DriverContext) => {
  // DLL globals: one set per process that loads serial.dll.
  const ports = new Map<number, Port>()
  const opens = new Map<number, Open>()
  let nextId = 1

  const rd = (p: Port, reg: number): number => ctx.mem.readU8(offset(p.regs, reg))
  const wr = (p: Port, reg: number, v: number): void => ctx.mem.writeU8(offset(p.regs, reg), v)

  function newRing(size: number): Ring | null {
    const buf = ctx.LocalAlloc(LMEM_ZEROINIT, size)
    return buf ? { buf, size, head: 0, count: 0 } : null
  }

  /** Append `bytes` to a ring (the caller checked the room). */
  function put(r: Ring, bytes: Uint8Array): void {
    const tail = (r.head + r.count) % r.size
    const first = Math.min(bytes.length, r.size - tail)
    ctx.mem.write(offset(r.buf, tail), bytes.subarray(0, first))
    if (first < bytes.length) ctx.mem.write(r.buf, bytes.subarray(first))
    r.count += bytes.length
  }

  /** Remove up to `n` bytes from a ring. */
  function take(r: Ring, n: number): Uint8Array {
    const len = Math.min(n, r.count)
    const first = Math.min(len, r.size - r.head)
    const out = new Uint8Array(len)
    out.set(ctx.mem.read(offset(r.buf, r.head), first))
    if (first < len) out.set(ctx.mem.read(r.buf, len - first), first)
    r.head = (r.head + len) % r.size
    r.count -= len
    return out
  }

  function programLine(p: Port): boolean {
    const divisor = Math.round(UART_CLOCK / (16 * p.baud))
    if (divisor < 1 || divisor > 0xffff) return false
    const { stopBits, parity, wordLength } = p.line
    const lcr =
      (wordLength - 5) | (stopBits === io.TWOSTOPBITS ? uart.LCR_STB : 0) | (parity !== io.NOPARITY ? uart.LCR_PEN : 0) | (parity === io.EVENPARITY ? uart.LCR_EPS : 0)
    wr(p, uart.LCR, lcr | uart.LCR_DLAB)
    wr(p, uart.DLL, divisor & 0xff)
    wr(p, uart.DLM, divisor >>> 8)
    wr(p, uart.LCR, lcr)
    return true
  }

  // ---- the interrupt service thread ----

  async function ist(p: Port): Promise<number> {
    for (;;) {
      await ctx.WaitForSingleObject(p.hIntr, INFINITE)
      if (p.stopping) return 0
      service(p)
      ctx.InterruptDone(p.sysIntr)
    }
  }

  /** Serve every pending cause, highest priority first, until IIR says none is left. */
  function service(p: Port): void {
    for (let guard = 0; guard < 64; guard++) {
      const iir = rd(p, uart.IIR)
      if (iir & uart.IIR_NO_INT) return
      switch (iir & uart.IIR_ID_MASK) {
        case uart.IIR_RLS:
          lineStatus(p, rd(p, uart.LSR))
          break
        case uart.IIR_RDA:
        case uart.IIR_CTI:
          receive(p)
          break
        case uart.IIR_THRE:
          transmit(p)
          break
        default:
          rd(p, uart.MSR) // modem status: reading MSR acknowledges it
      }
    }
  }

  function lineStatus(p: Port, lsr: number): void {
    if (lsr & uart.LSR_OE) p.errors |= io.CE_OVERRUN
    if (lsr & uart.LSR_PE) p.errors |= io.CE_RXPARITY
    if (lsr & uart.LSR_FE) p.errors |= io.CE_FRAME
    if (lsr & uart.LSR_BI) p.errors |= io.CE_BREAK
  }

  function receive(p: Port): void {
    const got: number[] = []
    for (let lsr = rd(p, uart.LSR); lsr & uart.LSR_DR; lsr = rd(p, uart.LSR)) {
      lineStatus(p, lsr)
      const b = rd(p, uart.RBR)
      if (p.rx.count + got.length < p.rx.size) got.push(b)
      else p.errors |= io.CE_RXOVER
    }
    if (got.length) {
      put(p.rx, Uint8Array.from(got))
      ctx.SetEvent(p.hRxReady)
    }
  }

  function transmit(p: Port): void {
    const chunk = take(p.tx, TX_FIFO)
    for (const b of chunk) wr(p, uart.THR, b)
    if (p.tx.count === 0) {
      // Nothing more to send: stop THR-empty interrupts and release the writer.
      p.ier &= ~uart.IER_ETBEI
      wr(p, uart.IER, p.ier)
      ctx.SetEvent(p.hTxDone)
    }
  }

  // ---- stream entry points ----

  function Init(pContext: string | number): number {
    const hKey = ctx.OpenDeviceKey(pContext)
    if (!hKey) return 0
    const windows = ctx.DDKReg_GetWindowInfo(hKey)
    const isr = ctx.DDKReg_GetIsrInfo(hKey)
    ctx.RegCloseKey(hKey)
    if (!windows.ok || !isr.ok) return fail(ERROR_INVALID_PARAMETER)
    const win = windows.io[0] ?? windows.mem[0]
    if (!win || win.length < 8 || !isr.sysIntr) return fail(ERROR_INVALID_PARAMETER)
    const regs = ctx.MmMapIoSpace(win.base, win.length, false)
    const rx = newRing(RX_SIZE)
    const tx = newRing(TX_SIZE)
    if (!regs || !rx || !tx) return cleanupInit(regs, win.length, rx, tx)
    const p: Port = {
      regs,
      windowLen: win.length,
      sysIntr: isr.sysIntr,
      hIntr: ctx.CreateEvent(false, false),
      hRxReady: ctx.CreateEvent(true, false),
      hTxDone: ctx.CreateEvent(false, false),
      hIst: 0,
      rx,
      tx,
      ier: uart.IER_ERBFI | uart.IER_ELSI,
      baud: 115200,
      line: { stopBits: io.ONESTOPBIT, parity: io.NOPARITY, wordLength: 8 },
      timeouts: { ReadIntervalTimeout: 0, ReadTotalTimeoutMultiplier: 0, ReadTotalTimeoutConstant: 0, WriteTotalTimeoutMultiplier: 0, WriteTotalTimeoutConstant: 0 },
      errors: 0,
      stopping: false,
      reader: null,
      opens: 0,
    }
    programLine(p)
    wr(p, uart.FCR, uart.FCR_ENABLE | uart.FCR_CLEAR_RX | uart.FCR_CLEAR_TX | uart.FCR_TRIGGER_8)
    wr(p, uart.MCR, uart.MCR_DTR | uart.MCR_RTS | uart.MCR_OUT2)
    // A missing event or IST is a failed Init (the API set the last error), never a port that half works.
    if (!p.hIntr || !p.hRxReady || !p.hTxDone || !ctx.InterruptInitialize(p.sysIntr, p.hIntr, 0, 0)) {
      teardown(p, false)
      return 0
    }
    p.hIst = ctx.CreateThread(() => ist(p), 0, { name: 'SerialIST', priority: IST_PRIORITY })
    if (!p.hIst) {
      teardown(p, true)
      return 0
    }
    wr(p, uart.IER, p.ier)
    const id = nextId++
    ports.set(id, p)
    return id
  }

  /** SetLastError and the failure value of each kind of entry point: 0 (contexts), -1 (Read/Write), FALSE. */
  function fail(code: number): number {
    ctx.SetLastError(code)
    return 0
  }
  function failIo(code: number): number {
    ctx.SetLastError(code)
    return -1
  }
  function failBool(code: number): false {
    ctx.SetLastError(code)
    return false
  }

  function cleanupInit(regs: OwnPtr, len: number, rx: Ring | null, tx: Ring | null): number {
    if (regs) ctx.MmUnmapIoSpace(regs, len)
    if (rx) ctx.LocalFree(rx.buf)
    if (tx) ctx.LocalFree(tx.buf)
    return 0
  }

  /** Give back everything Init took (the interrupt only once InterruptInitialize succeeded). */
  function teardown(p: Port, interruptOn: boolean): void {
    wr(p, uart.IER, 0)
    wr(p, uart.MCR, 0)
    if (interruptOn) ctx.InterruptDisable(p.sysIntr)
    for (const h of [p.hIntr, p.hRxReady, p.hTxDone, p.hIst]) if (h) ctx.CloseHandle(h)
    ctx.MmUnmapIoSpace(p.regs, p.windowLen)
    ctx.LocalFree(p.rx.buf)
    ctx.LocalFree(p.tx.buf)
  }

  async function Deinit(hDeviceContext: number): Promise<boolean> {
    const p = ports.get(hDeviceContext)
    if (!p) return false
    p.stopping = true
    ctx.SetEvent(p.hIntr) // wake the IST so it sees `stopping` and returns
    await ctx.WaitForSingleObject(p.hIst, 1000)
    teardown(p, true)
    ports.delete(hDeviceContext)
    return true
  }

  function PreDeinit(hDeviceContext: number): boolean {
    return ports.has(hDeviceContext)
  }

  function Open(hDeviceContext: number, access: number): number {
    const p = ports.get(hDeviceContext)
    if (!p) return fail(ERROR_INVALID_HANDLE)
    // Like CE's serial driver, one opener at a time may read.
    if (access & GENERIC_READ && p.reader) return fail(ERROR_ACCESS_DENIED)
    const o: Open = { port: p, access, closing: false }
    if (access & GENERIC_READ) p.reader = o
    p.opens++
    const id = nextId++
    opens.set(id, o)
    return id
  }

  /** PreClose: the handle is closing; wake a reader blocked on it (fact sheet §9.6). */
  function PreClose(hOpenContext: number): boolean {
    const o = opens.get(hOpenContext)
    if (!o) return false
    o.closing = true
    ctx.SetEvent(o.port.hRxReady)
    return true
  }

  function Close(hOpenContext: number): boolean {
    const o = opens.get(hOpenContext)
    if (!o) return false
    if (o.port.reader === o) o.port.reader = null
    o.port.opens--
    opens.delete(hOpenContext)
    return true
  }

  async function Read(hOpenContext: number, pBuffer: ParamPtr, count: number): Promise<number> {
    const o = opens.get(hOpenContext)
    if (!o) return failIo(ERROR_INVALID_HANDLE)
    const p = o.port
    const t = p.timeouts
    if (count === 0) return 0
    const immediate = t.ReadIntervalTimeout === io.MAXDWORD && t.ReadTotalTimeoutMultiplier === 0 && t.ReadTotalTimeoutConstant === 0
    const total = t.ReadTotalTimeoutMultiplier * count + t.ReadTotalTimeoutConstant
    const deadline = total ? ctx.GetTickCount() + total : Infinity
    while (p.rx.count === 0) {
      if (o.closing || p.stopping) return failIo(ERROR_INVALID_HANDLE)
      if (immediate) return 0
      const wait = deadline === Infinity ? INFINITE : Math.max(0, deadline - ctx.GetTickCount())
      if ((await ctx.WaitForSingleObject(p.hRxReady, wait)) === WAIT_TIMEOUT) return 0
      if (p.rx.count === 0) ctx.ResetEvent(p.hRxReady)
    }
    const data = take(p.rx, count)
    if (p.rx.count === 0) ctx.ResetEvent(p.hRxReady)
    ctx.mem.write(pBuffer, data)
    return data.length
  }

  async function Write(hOpenContext: number, pBuffer: ParamPtr, count: number): Promise<number> {
    const o = opens.get(hOpenContext)
    if (!o) return failIo(ERROR_INVALID_HANDLE)
    const p = o.port
    const t = p.timeouts
    const total = t.WriteTotalTimeoutMultiplier * count + t.WriteTotalTimeoutConstant
    let done = 0
    while (done < count) {
      const n = Math.min(count - done, p.tx.size - p.tx.count)
      put(p.tx, ctx.mem.read(offset(pBuffer, done), n))
      done += n
      // Enabling THR-empty interrupts with the FIFO empty raises one at once: the IST starts sending.
      p.ier |= uart.IER_ETBEI
      wr(p, uart.IER, p.ier)
      if ((await ctx.WaitForSingleObject(p.hTxDone, total || INFINITE)) === WAIT_TIMEOUT) return done - p.tx.count
    }
    return done
  }

  // The kernel checks a caller's buffers for range only, so an unmapped page faults here. As a CE6 driver's
  // __try/__except around its buffer accesses, the fault becomes ERROR_INVALID_PARAMETER instead of escaping.
  function IOControl(hOpenContext: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    try {
      return ioControl(hOpenContext, code, pIn, nIn, pOut, nOut, pActual)
    } catch (e) {
      if (e instanceof AccessViolation) return failBool(ERROR_INVALID_PARAMETER)
      throw e
    }
  }

  function ioControl(hOpenContext: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    const o = opens.get(hOpenContext)
    if (!o) return failBool(ERROR_INVALID_HANDLE)
    const p = o.port
    const need = (have: number, size: number, ptr: ParamPtr): boolean => {
      if (!ptr || have < size) ctx.SetLastError(ERROR_INSUFFICIENT_BUFFER)
      return !!ptr && have >= size
    }
    const out = (bytes: Uint8Array): boolean => {
      if (!need(nOut, bytes.length, pOut)) return false
      ctx.mem.write(pOut, bytes)
      if (pActual) ctx.mem.writeU32(pActual, bytes.length)
      return true
    }
    switch (code) {
      case io.IOCTL_SERIAL_SET_BAUD_RATE: {
        if (!need(nIn, 4, pIn)) return false
        const old = p.baud
        p.baud = ctx.mem.readU32(pIn)
        if (p.baud === 0 || !programLine(p)) {
          p.baud = old
          return failBool(ERROR_INVALID_PARAMETER)
        }
        return true
      }
      case io.IOCTL_SERIAL_GET_BAUD_RATE:
        return out(io.dwords(p.baud))
      case io.IOCTL_SERIAL_SET_LINE_CONTROL: {
        if (!need(nIn, io.SERIAL_LINE_CONTROL_SIZE, pIn)) return false
        const [stopBits, parity, wordLength] = ctx.mem.read(pIn, io.SERIAL_LINE_CONTROL_SIZE)
        if (wordLength! < 5 || wordLength! > 8 || parity! > io.EVENPARITY || (stopBits !== io.ONESTOPBIT && stopBits !== io.TWOSTOPBITS)) {
          return failBool(ERROR_INVALID_PARAMETER)
        }
        p.line = { stopBits: stopBits!, parity: parity!, wordLength: wordLength! }
        return programLine(p)
      }
      case io.IOCTL_SERIAL_GET_LINE_CONTROL:
        return out(Uint8Array.of(p.line.stopBits, p.line.parity, p.line.wordLength))
      case io.IOCTL_SERIAL_SET_TIMEOUTS:
        if (!need(nIn, io.COMMTIMEOUTS_SIZE, pIn)) return false
        p.timeouts = io.decodeTimeouts(ctx.mem.read(pIn, io.COMMTIMEOUTS_SIZE))
        return true
      case io.IOCTL_SERIAL_GET_TIMEOUTS:
        return out(io.encodeTimeouts(p.timeouts))
      case io.IOCTL_SERIAL_GET_COMMSTATUS: {
        const ok = out(io.dwords(p.errors, p.rx.count, p.tx.count))
        if (ok) p.errors = 0
        return ok
      }
      case io.IOCTL_SERIAL_PURGE: {
        if (!need(nIn, 4, pIn)) return false
        const flags = ctx.mem.readU32(pIn)
        if (flags & io.PURGE_RXCLEAR) {
          p.rx.head = p.rx.count = 0
          ctx.ResetEvent(p.hRxReady)
        }
        if (flags & io.PURGE_TXCLEAR) p.tx.head = p.tx.count = 0
        wr(p, uart.FCR, uart.FCR_ENABLE | uart.FCR_TRIGGER_8 | (flags & io.PURGE_RXCLEAR ? uart.FCR_CLEAR_RX : 0) | (flags & io.PURGE_TXCLEAR ? uart.FCR_CLEAR_TX : 0))
        return true
      }
      default:
        return failBool(ERROR_NOT_SUPPORTED)
    }
  }

  /** Power entry points run without blocking: save and silence the UART, then restore it. */
  function PowerDown(hDeviceContext: number): void {
    const p = ports.get(hDeviceContext)
    if (p) wr(p, uart.IER, 0)
  }

  function PowerUp(hDeviceContext: number): void {
    const p = ports.get(hDeviceContext)
    if (p) wr(p, uart.IER, p.ier)
  }

  return { Init, PreDeinit, Deinit, Open, PreClose, Close, Read, Write, IOControl, PowerDown, PowerUp }
})
