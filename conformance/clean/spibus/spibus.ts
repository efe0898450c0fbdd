// clean: an SPI controller's transfer interface; exercises: nested structs with embedded pointers in and out, full-duplex transfer, ForceDuplicate on the transmit data, a loopback device model, both modes
// spibus.dll runs full-duplex transfers for client drivers and applications. TRANSFER takes SPI_TRANSFER
// { SPI_CONFIG config { dwChipSelect; dwClockHz; dwMode }; pTx; pRx; cbLength }: the transmit data is opened with
// ForceDuplicate (what is clocked out is what was validated), the receive buffer with ARG_O_PTR, both for cbLength
// bytes, and both closed on every path. The bus is wired in loopback with an inverter on MISO, so every received byte
// is the complement of the byte sent, which makes the results checkable in both modes.
import { AccessViolation, ARG_I_PTR, ARG_O_PTR, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_SPI_TRANSFER = 0x00234004
export const IOCTL_SPI_GET_STATS = 0x00234008
export const TRANSFER_SIZE = 24
export const MAX_TRANSFER = 256
const CHIP_SELECTS = 4
const MAX_CLOCK_HZ = 48000000

interface Config {
  chipSelect: number
  clockHz: number
  mode: number
}

export default defineDriver('spibus.dll', (ctx: DriverContext) => {
  const stats = { transfers: 0, bytes: 0 }
  const fail = (error: number): false => (ctx.SetLastError(error), false)

  function readConfig(p: ParamPtr): Config | null {
    const c = { chipSelect: ctx.mem.readU32(p), clockHz: ctx.mem.readU32(offset(p, 4)), mode: ctx.mem.readU32(offset(p, 8)) }
    return c.chipSelect < CHIP_SELECTS && c.clockHz > 0 && c.clockHz <= MAX_CLOCK_HZ && c.mode <= 3 ? c : null
  }

  /** Clock the bytes out and back through the loopback: MISO is MOSI inverted. */
  function shift(tx: Uint8Array): Uint8Array {
    return tx.map((b) => ~b & 0xff)
  }

  function transfer(pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < TRANSFER_SIZE) return fail(ERROR_INVALID_PARAMETER)
    const config = readConfig(pIn)
    const pTx = ctx.mem.readU32(offset(pIn, 12))
    const pRx = ctx.mem.readU32(offset(pIn, 16))
    const cb = ctx.mem.readU32(offset(pIn, 20))
    if (!config || cb === 0 || cb > MAX_TRANSFER || !pTx || !pRx) return fail(ERROR_INVALID_PARAMETER)
    const tx = ctx.CeOpenCallerBuffer(pTx, cb, ARG_I_PTR, true)
    if (tx.hr !== 0) return fail(ERROR_INVALID_PARAMETER)
    try {
      const rx = ctx.CeOpenCallerBuffer(pRx, cb, ARG_O_PTR, false)
      if (rx.hr !== 0) return fail(ERROR_INVALID_PARAMETER)
      try {
        ctx.mem.write(rx.ptr, shift(ctx.mem.read(tx.ptr, cb)))
      } finally {
        ctx.CeCloseCallerBuffer(rx.ptr, pRx, cb, ARG_O_PTR)
      }
    } finally {
      ctx.CeCloseCallerBuffer(tx.ptr, pTx, cb, ARG_I_PTR)
    }
    stats.transfers++
    stats.bytes += cb
    return true
  }

  function getStats(pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pOut || nOut < 8) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, stats.transfers)
    ctx.mem.writeU32(offset(pOut, 4), stats.bytes)
    if (pActual) ctx.mem.writeU32(pActual, 8)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => true,
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      try {
        if (code === IOCTL_SPI_TRANSFER) return transfer(pIn, nIn)
        if (code === IOCTL_SPI_GET_STATS) return getStats(pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
