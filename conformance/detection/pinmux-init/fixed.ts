// gpiokeys.dll: a GPIO bank (32 lines). Init maps the bank's registers from the key's MemBase/MemLen; the pads are
// routed to the GPIO function by the bootloader, which owns the SoC's pad-mux block. IOCTL_GPIO_READ returns the
// input levels ({ levels }).
import { AccessViolation, ERROR_INVALID_PARAMETER, defineDriver, offset, type DriverContext, type ParamPtr, type Ptr } from '@cedk/kernel'

export const IOCTL_GPIO_READ = 0x80005838
const GPIO_DATAIN = 0x10

interface Bank {
  regs: Ptr
  len: number
}

export default defineDriver('gpiokeys.dll', (ctx: DriverContext) => {
  let bank: Bank | null = null
  const fail = (code: number): false => (ctx.SetLastError(code), false)

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
      return bank ? 1 : 0
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
