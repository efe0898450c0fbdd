// What interface inference should arrive at for IOCTL_GPS_INJECT_SENTENCE, written by hand: it proves the planted
// bug is reachable by the property suites (detection.test.ts), and is what `found` waits for.
import { buffer, ioctl, ptr, struct, u32 } from '@cedk/conformance'
import { IOCTL_GPS_INJECT_SENTENCE } from './buggy.js'

const REQUEST = struct('GPS_SENTENCE', { pSentence: ptr(buffer(82), { dir: 'in', len: 'cchSentence' }), cchSentence: u32({ min: 9, max: 82 }) })
export default [ioctl('GPS_INJECT_SENTENCE', IOCTL_GPS_INJECT_SENTENCE, { in: REQUEST, out: struct('GPS_SENTENCE_TYPE', { type: u32() }) })]
