// CE6-A02: a CeAllocAsynchronousBuffer buffer still allocated when the Close of the open context it was made for
// returned (the kernel's note, held-at-close.ts) or when its caller exited (held-buffers.ts: reported at the end,
// unless the driver then touched that caller's memory, CE6-A07), or at the end of the run (Deinit and udevice exit
// have happened by then).
import { Ev } from '@cedk/kernel'
import type { Buffer } from '../buffers.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { AnyEvent, EventView } from '../event-view.js'
import { closeWhen, heldAtClose, heldBuffers } from '../held-at-close.js'
import type { Detector } from '../types.js'

const ASYNC = 'CeAllocAsynchronousBuffer'

function report(v: VerifierCore, b: Buffer, e: AnyEvent | null, when: string): void {
  v.report('CE6-A02', e, `${b.kind} asynchronous buffer #${b.id} of ${b.size} bytes at ${hex(b.dest)} (source ${hex(b.src)}, origin async) ${when}`, {
    driver: b.driver,
    entry: b.entry,
    stack: [b.at],
    address: b.dest,
    size: b.size,
    origin: 'async',
    key: b.id,
  })
}

function onNote(e: EventView, v: VerifierCore): void {
  const h = heldAtClose(e)
  if (!h) return
  for (const r of heldBuffers(h, ['async-buffer'])) {
    const b = v.buffers.get(r.buffer!)
    if (b && b.state === 'open') v.held.add(b, e.event(), closeWhen(h))
  }
}

export const asyncNotFreed: Detector = {
  rule: 'CE6-A02',
  events: { [Ev.Note]: onNote },
  finish(_r, v) {
    for (const { b, evidence, when } of v.held.leaks()) if (b.api === ASYNC) report(v, b, evidence, `was still allocated ${when}`)
    for (const b of v.buffers.live()) if (b.api === ASYNC) report(v, b, v.buffers.evidence(b), 'was never freed')
  },
}
