// What interface inference should arrive at for IOCTL_SENSOR_READ_HISTORY, written by hand: it proves the planted
// bug is reachable by the property suites (detection.test.ts), and is what `found` waits for.
import { buffer, ioctl, ptr, struct, u32 } from '@cedk/conformance'
import { IOCTL_SENSOR_READ_HISTORY } from './buggy.js'

const REQUEST = struct('SENSOR_HISTORY_REQUEST', { pSamples: ptr(buffer(16), { dir: 'out', len: 'cbSamples' }), cbSamples: u32({ min: 2, max: 16 }) })
export default [ioctl('SENSOR_READ_HISTORY', IOCTL_SENSOR_READ_HISTORY, { in: REQUEST, out: struct('SENSOR_HISTORY_COUNT', { count: u32() }) })]
