// CE6-P03 (udevice): an installable ISR other than the GIISR of the registry, or a GIISR IOCTL the reflector refuses.
import { Ev } from '@cedk/kernel'
import type { Detector } from '../types.js'
import { refusalHandler } from './privileged.js'

const REQUESTS = new Set(['LOAD_INT_CHAIN_HANDLER', 'FREE_INT_CHAIN_HANDLER', 'INT_CHAIN_HANDLER_IOCONTROL'])
const APIS = new Set(['LoadIntChainHandler', 'FreeIntChainHandler', 'KernelLibIoControl'])

export const iisr: Detector = {
  rule: 'CE6-P03',
  events: { [Ev.Privileged]: refusalHandler('CE6-P03', (r) => REQUESTS.has(r.request) || (!r.request && APIS.has(r.api))) },
}
