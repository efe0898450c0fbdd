// Shows a message box from the kernel.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('u01.dll', (ctx) => ({
  IOControl: () => {
    ctx.MessageBox(0, 'device error', 'TST')
    return false
  },
}))
