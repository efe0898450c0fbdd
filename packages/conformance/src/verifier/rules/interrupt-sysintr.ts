// CE6-P02 (udevice): an interrupt API on a SysIntr the registry does not give the driver, refused by the reflector.
import { Ev } from '@cedk/kernel'
import type { Detector } from '../types.js'
import { refusalHandler } from './privileged.js'

export const interruptSysIntr: Detector = {
  rule: 'CE6-P02',
  events: { [Ev.Privileged]: refusalHandler('CE6-P02', (r) => r.request.startsWith('INTERRUPT_') || (!r.request && r.api.startsWith('Interrupt'))) },
}
