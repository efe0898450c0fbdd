// CE6-C02: a function table called across the process boundary (a bus driver in udevice and its client in the
// kernel, or the reverse), refused with ERROR_NOT_SUPPORTED. Reported on whichever of the two is under test.
import { Ev } from '@cedk/kernel'
import type { Detector } from '../types.js'
import { refusalHandler } from './privileged.js'

export const crossProcessBus: Detector = {
  rule: 'CE6-C02',
  events: { [Ev.Privileged]: refusalHandler('CE6-C02', (r) => r.api === 'callFunctionTable') },
}
