// Gets the bus's function table and calls it directly, as a client in the bus's own process could.
import type { ParamPtr } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'
import { IOCTL_BUS_GET_TABLE } from './bus.js'

export default corpusDriver('c02.dll', (ctx) => ({
  IOControl: async (_h, _code, _pIn, _nIn, pOut: ParamPtr) => {
    const hBus = await ctx.CreateFile('BUS1:', 0xc0000000)
    const buf = ctx.LocalAlloc(0, 4)
    const got = await ctx.DeviceIoControl(hBus, IOCTL_BUS_GET_TABLE, 0, 0, buf, 4, 0)
    const sum = got ? ctx.callFunctionTable(ctx.mem.readU32(buf), 'add', 2, 3) : undefined
    ctx.LocalFree(buf)
    await ctx.CloseHandle(hBus)
    if (typeof sum !== 'number') return false
    ctx.mem.writeU32(pOut, sum)
    return true
  },
}))
