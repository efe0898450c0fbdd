// Asks the bus through its stream interface (DeviceIoControl), which crosses processes.
import { offset, type ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'
import { IOCTL_BUS_ADD } from './bus.js'

export default corpusDriver('c02.dll', (ctx) => ({
  IOControl: async (_h, _code, _pIn, _nIn, pOut: ParamPtr) => {
    const hBus = await ctx.CreateFile('BUS1:', 0xc0000000)
    const buf = ctx.LocalAlloc(0, 12)
    ctx.mem.writeU32(buf, 2)
    ctx.mem.writeU32(offset(buf, 4), 3)
    const ok = await ctx.DeviceIoControl(hBus, IOCTL_BUS_ADD, buf, 8, offset(buf, 8), 4, 0)
    if (ok) ctx.mem.writeU32(pOut, ctx.mem.readU32(offset(buf, 8)))
    ctx.LocalFree(buf)
    await ctx.CloseHandle(hBus)
    return ok
  },
}))
