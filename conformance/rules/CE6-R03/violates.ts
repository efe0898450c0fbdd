// Creates an event in Init and never closes it.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r03.dll', (ctx) => ({
  Init: () => (ctx.CreateEvent(false, false) ? 1 : 0),
  IOControl: () => true,
}))
