// Throws on a request it does not know.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r02.dll', () => ({
  IOControl: (_h, code) => {
    if (code !== 2) throw new Error(`unknown IOCTL ${code}`)
    return true
  },
}))
