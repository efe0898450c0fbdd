// What interface inference should arrive at for IOCTL_WAV_SET_FORMAT, written by hand: it proves the planted bug is
// reachable by the property suites (detection.test.ts), and is what `found` waits for.
import { ioctl, ptr, struct, u16, u32 } from '@cedk/conformance'
import { IOCTL_WAV_SET_FORMAT } from './buggy.js'

const WAVEFORMATEX = struct('WAVEFORMATEX', { wFormatTag: u16(), nChannels: u16(), nSamplesPerSec: u32(), nAvgBytesPerSec: u32(), nBlockAlign: u16(), wBitsPerSample: u16(), cbSize: u16() })
const REQUEST = struct('WAV_FORMAT_REQUEST', { pFormat: ptr(WAVEFORMATEX, { dir: 'in', len: 'cbFormat' }), cbFormat: u32() })
export default [ioctl('WAV_SET_FORMAT', IOCTL_WAV_SET_FORMAT, { in: REQUEST })]
