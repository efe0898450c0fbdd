// What interface inference should arrive at for IOCTL_HASH_BLOCK, written by hand: it proves the planted bug is
// reachable by the property suites (detection.test.ts), and is what `found` waits for.
import { buffer, ioctl, ptr, struct, u32 } from '@cedk/conformance'
import { IOCTL_HASH_BLOCK } from './buggy.js'

const REQUEST = struct('HASH_BLOCK', { pData: ptr(buffer(64), { dir: 'in', len: 'cbData' }), cbData: u32({ min: 1, max: 64 }) })
export default [ioctl('HASH_BLOCK', IOCTL_HASH_BLOCK, { in: REQUEST, out: struct('HASH_SUM', { sum: u32() }) })]
