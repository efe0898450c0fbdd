// Maps the register inside the window its key declares.
import { corpusDriver } from '../../harness.js'
import { REGS_BASE } from '../../registers.js'

export default corpusDriver('p01.dll', (ctx) => ({
  IOControl: () => {
    const status = ctx.MmMapIoSpace(REGS_BASE + 0x20, 4, false)
    if (!status) return false
    ctx.mem.readU32(status)
    ctx.MmUnmapIoSpace(status, 4)
    return true
  },
}))
