// clean: an I2C controller running batches of register writes; exercises: embedded pointer in to an array of structs, a count field bounded before the size is computed, ForceDuplicate, a simulated bus of target devices, both modes
// i2cbus.dll applies a batch of register writes to devices on its bus, the way a touch or audio codec driver sets a
// chip up: WRITE_BATCH takes { pOps; cOps } where pOps points at cOps I2C_OP { BYTE bAddress; BYTE bRegister;
// WORD wValue }. The count is bounded before it is multiplied (no overflow), the array is opened with ForceDuplicate
// and validated whole before the first write, so a batch is applied entirely or not at all. READ_REGISTER takes
// { bAddress, bRegister } and returns the WORD the bus holds.
import { AccessViolation, ARG_I_PTR, ERROR_INSUFFICIENT_BUFFER, ERROR_INVALID_PARAMETER, ERROR_NOT_FOUND, defineDriver, offset, type DriverContext, type ParamPtr } from '@cedk/kernel'

export const IOCTL_I2C_WRITE_BATCH = 0x00237004
export const IOCTL_I2C_READ_REGISTER = 0x00237008
export const OP_SIZE = 4
export const MAX_OPS = 16
/** The 7-bit addresses of the chips on this bus. */
export const TARGETS = [0x1a, 0x48, 0x50] as const

interface Op {
  address: number
  register: number
  value: number
}

export default defineDriver('i2cbus.dll', (ctx: DriverContext) => {
  /** The targets' registers, "address:register" → value: what the simulated bus remembers. */
  const bus = new Map<string, number>()
  const fail = (error: number): false => (ctx.SetLastError(error), false)
  const present = (address: number) => (TARGETS as readonly number[]).includes(address)

  function readOps(pOps: number, count: number): Op[] | null {
    const cb = count * OP_SIZE
    const ops = ctx.CeOpenCallerBuffer(pOps, cb, ARG_I_PTR, true)
    if (ops.hr !== 0) return null
    try {
      return Array.from({ length: count }, (_, i) => {
        const at = offset(ops.ptr, i * OP_SIZE)
        return { address: ctx.mem.readU8(at), register: ctx.mem.readU8(offset(at, 1)), value: ctx.mem.readU16(offset(at, 2)) }
      })
    } finally {
      ctx.CeCloseCallerBuffer(ops.ptr, pOps, cb, ARG_I_PTR)
    }
  }

  function writeBatch(pIn: ParamPtr, nIn: number): boolean {
    if (!pIn || nIn < 8) return fail(ERROR_INVALID_PARAMETER)
    const pOps = ctx.mem.readU32(pIn)
    const count = ctx.mem.readU32(offset(pIn, 4))
    if (count === 0) return true
    if (count > MAX_OPS || !pOps) return fail(ERROR_INVALID_PARAMETER)
    const ops = readOps(pOps, count)
    if (!ops) return fail(ERROR_INVALID_PARAMETER)
    if (!ops.every((op) => present(op.address))) return fail(ERROR_NOT_FOUND) // no ACK: nothing is written
    for (const op of ops) bus.set(`${op.address}:${op.register}`, op.value)
    return true
  }

  function readRegister(pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
    if (!pIn || nIn < 2) return fail(ERROR_INVALID_PARAMETER)
    if (!pOut || nOut < 2) return fail(ERROR_INSUFFICIENT_BUFFER)
    const address = ctx.mem.readU8(pIn)
    const register = ctx.mem.readU8(offset(pIn, 1))
    if (!present(address)) return fail(ERROR_NOT_FOUND)
    ctx.mem.writeU16(pOut, bus.get(`${address}:${register}`) ?? 0)
    if (pActual) ctx.mem.writeU32(pActual, 2)
    return true
  }

  return {
    Init: () => 1,
    Deinit: () => (bus.clear(), true),
    Open: (hDevice: number) => hDevice,
    Close: () => true,
    IOControl(_hOpen: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number, pActual: ParamPtr): boolean {
      try {
        if (code === IOCTL_I2C_WRITE_BATCH) return writeBatch(pIn, nIn)
        if (code === IOCTL_I2C_READ_REGISTER) return readRegister(pIn, nIn, pOut, nOut, pActual)
        return fail(ERROR_INVALID_PARAMETER)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
