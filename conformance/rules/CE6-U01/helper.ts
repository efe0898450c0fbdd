// The companion user-mode DLL that shows the message (CeCallUserProc runs it in a udevice).
import { defineDriver } from '@cedk/kernel'

export const helper = defineDriver('tstui.dll', (ctx) => ({
  ShowError: () => ctx.MessageBox(0, 'device error', 'TST') !== 0,
}))
