// Allocates its state in Init and never frees it.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('r04.dll', (ctx) => ({
  Init: () => (ctx.LocalAlloc(0, 64) ? 1 : 0),
  IOControl: () => true,
}))
