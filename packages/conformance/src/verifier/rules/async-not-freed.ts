// CE6-A02: a CeAllocAsynchronousBuffer buffer still allocated at the end of the run (Close, Deinit, udevice exit
// and the callers' exit have all happened by then).
import { hex } from '../core.js'
import type { Detector } from '../types.js'

export const asyncNotFreed: Detector = {
  rule: 'CE6-A02',
  finish(_r, v) {
    for (const b of v.buffers.live()) {
      if (b.api !== 'CeAllocAsynchronousBuffer') continue
      const at = String((b.opened.detail as { at?: string }).at ?? '')
      v.report('CE6-A02', b.opened, `${b.kind} asynchronous buffer #${b.id} of ${b.size} bytes at ${hex(b.dest)} (source ${hex(b.src)}, origin async) was never freed`, {
        driver: b.driver,
        entry: b.entry,
        stack: [at],
        address: b.dest,
        size: b.size,
        origin: 'async',
        key: b.id,
      })
    }
  },
}
