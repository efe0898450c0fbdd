// Uses a SysIntr it computed itself (SYSINTR_FIRMWARE + the IRQ it expects), not the one its key gives; without
// the interrupt it polls.
import { SYSINTR_FIRMWARE } from '@cedk/kernel'
import { corpusDriver } from '../../harness.js'

export default corpusDriver('p02.dll', (ctx) => {
  const sysIntr = SYSINTR_FIRMWARE + 4
  let event = 0
  let bound = false
  return {
    Init: () => {
      event = ctx.CreateEvent(false, false)
      bound = ctx.InterruptInitialize(sysIntr, event)
      return 1
    },
    IOControl: () => true,
    Deinit: () => {
      if (bound) ctx.InterruptDisable(sysIntr)
      ctx.CloseHandle(event)
      return true
    },
  }
})
