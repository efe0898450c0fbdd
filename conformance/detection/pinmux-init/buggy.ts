// gpiokeys.dll: a GPIO bank (32 lines). Init maps the bank's registers from the key's MemBase/MemLen and routes the
// pads to the GPIO function in the SoC's pad-mux block; IOCTL_GPIO_READ returns the input levels ({ levels }).
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr, type Ptr } from '@cedk/kernel'
import { REG_BLOCK_BASE } from '../hardware.js'

export const IOCTL_GPIO_READ = 0x80005838
const GPIO_DATAIN = 0x10
/** The SoC's pad configuration block (from the board header) and the GPIO function of a pad. */
const PADCONF_BASE = REG_BLOCK_BASE + 0x1000
const PADCONF_LEN = 0x80
const PAD_MODE_GPIO = 4

interface Bank {
  regs: Ptr
  len: number
}

export default defineDriver('gpiokeys.dll', (ctx: DriverContext) => {
  let bank: Bank | null = null
  const fail = (code: number): false => (ctx.SetLastError(code), false)

  function muxPads(): boolean {
    const pads = ctx.MmMapIoSpace(PADCONF_BASE, PADCONF_LEN, false)
    if (!pads) return false
    for (let pad = 0; pad < 32; pad++) ctx.mem.writeU16(offset(pads, pad * 2), PAD_MODE_GPIO)
    ctx.MmUnmapIoSpace(pads, PADCONF_LEN)
    return true
  }

  function mapBank(active: string | number): Bank | null {
    const key = ctx.OpenDeviceKey(active)
    if (!key) return null
    const win = ctx.DDKReg_GetWindowInfo(key)
    ctx.RegCloseKey(key)
    const mem = win.ok ? win.mem[0] : undefined
    const regs = mem ? ctx.MmMapIoSpace(mem.base, mem.length, false) : null
    return regs && mem ? { regs, len: mem.length } : null
  }

  function read(pOut: ParamPtr, nOut: number): boolean {
    if (!bank || !pOut || nOut < 4) return fail(ERROR_INVALID_PARAMETER)
    ctx.mem.writeU32(pOut, ctx.mem.readU32(offset(bank.regs, GPIO_DATAIN)))
    return true
  }

  return {
    Init(active) {
      bank = mapBank(active)
      if (!bank) return 0
      if (!muxPads()) {
        ctx.MmUnmapIoSpace(bank.regs, bank.len)
        bank = null
        return 0
      }
      return 1
    },
    Deinit() {
      if (bank) ctx.MmUnmapIoSpace(bank.regs, bank.len)
      bank = null
      return true
    },
    Open: () => 1,
    Close: () => true,
    IOControl(_h, code, _pIn, _nIn, pOut: ParamPtr, nOut) {
      if (code !== IOCTL_GPIO_READ) return fail(ERROR_INVALID_PARAMETER)
      try {
        return read(pOut, nOut)
      } catch (e) {
        if (e instanceof AccessViolation) return fail(ERROR_INVALID_PARAMETER)
        throw e
      }
    },
  }
})
