// CE6-P07 (udevice): an attempt to reach past the process isolation the kernel refused (traced by the kernel as a
// privileged refusal with request "isolation": the parameter window, the shared heap, a foreign frame, a key the
// driver may have written).
import { Ev } from '@cedk/kernel'
import type { Detector } from '../types.js'
import { refusalHandler } from './privileged.js'

export const isolationEscape: Detector = {
  rule: 'CE6-P07',
  events: { [Ev.Privileged]: refusalHandler('CE6-P07', (r) => r.request === 'isolation') },
}
