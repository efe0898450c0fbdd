// Shows a message box directly from its udevice.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('u02.dll', (ctx) => ({
  IOControl: () => {
    ctx.MessageBox(0, 'device error', 'TST')
    return false
  },
}))
