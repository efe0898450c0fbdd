// Reads its SysIntr from its key with DDKReg_GetIsrInfo; without the interrupt it polls.
import { corpusDriver } from '../../harness.js'

export default corpusDriver('p02.dll', (ctx) => {
  let sysIntr = 0
  let event = 0
  let bound = false
  return {
    Init: (active) => {
      const key = ctx.OpenDeviceKey(active)
      const isr = key ? ctx.DDKReg_GetIsrInfo(key) : null
      if (key) ctx.RegCloseKey(key)
      event = ctx.CreateEvent(false, false)
      if (isr?.ok) sysIntr = isr.sysIntr
      bound = sysIntr !== 0 && ctx.InterruptInitialize(sysIntr, event)
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
