// CE6-P01 (udevice): physical memory mapped outside the registry windows (VirtualCopy with PAGE_PHYSICAL,
// MmMapIoSpace, CreateStaticMapping), refused by the reflector.
import { Ev } from '@cedk/kernel'
import type { Detector } from '../types.js'
import { refusalHandler } from './privileged.js'

const REQUESTS = new Set(['VIRTUAL_COPY', 'MNMAPIOSPACE', 'CREATE_STATIC_MAPPING'])

export const physicalMapping: Detector = {
  rule: 'CE6-P01',
  events: { [Ev.Privileged]: refusalHandler('CE6-P01', (r) => REQUESTS.has(r.request)) },
}
