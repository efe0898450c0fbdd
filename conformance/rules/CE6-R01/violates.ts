// Starts a worker whose exception nothing catches: a bugcheck in the kernel, the end of its udevice host.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r01.dll', (ctx) => ({
  IOControl: () => {
    const h = ctx.CreateThread(() => {
      throw new Error('unexpected request')
    })
    ctx.CloseHandle(h)
    return true
  },
}))
