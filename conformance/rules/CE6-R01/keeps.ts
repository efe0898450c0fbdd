// The worker catches its own failure.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r01.dll', (ctx) => ({
  IOControl: () => {
    const h = ctx.CreateThread(() => {
      try {
        throw new Error('unexpected request')
      } catch {
        return 1
      }
    })
    ctx.CloseHandle(h)
    return true
  },
}))
