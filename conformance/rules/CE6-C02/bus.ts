// A bus driver "BUS1:" run in udevice: IOCTL_BUS_GET_TABLE hands a client its function table (valid in its own
// process only), IOCTL_BUS_ADD does the same work through the stream interface, which the device manager carries
// across processes.
import { defineDriver, type ParamPtr } from '@cedk/kernel'

export const IOCTL_BUS_GET_TABLE = 1
export const IOCTL_BUS_ADD = 2

export const bus = defineDriver('tstbus.dll', (ctx) => {
  let table = 0
  return {
    Init: () => ((table = ctx.exportFunctionTable({ add: (a: number, b: number) => (a + b) >>> 0 })), 1),
    Deinit: () => true,
    Open: () => 2,
    Close: () => true,
    IOControl: (_h: number, code: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number) => {
      if (nOut < 4) return false
      if (code === IOCTL_BUS_GET_TABLE) ctx.mem.writeU32(pOut, table)
      else if (code === IOCTL_BUS_ADD && nIn >= 8) ctx.mem.writeU32(pOut, (ctx.mem.readU32(pIn) + ctx.mem.readU32((pIn + 4) as ParamPtr)) >>> 0)
      else return false
      return true
    },
  }
})
