// Closes it in Deinit.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r03.dll', (ctx) => {
  let ev = 0
  return {
    Init: () => ((ev = ctx.CreateEvent(false, false)) ? 1 : 0),
    IOControl: () => true,
    Deinit: () => ctx.CloseHandle(ev) as boolean,
  }
})
