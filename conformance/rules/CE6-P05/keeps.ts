// Uses the buffer without locking it.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('p05.dll', (ctx) => ({
  IOControl: () => {
    const buf = ctx.VirtualAlloc(0, 4096, 0x1000, 0x04)
    ctx.mem.fill(buf, 4096, 0)
    ctx.VirtualFree(buf, 0, 0x8000)
    return true
  },
}))
