// The leak check at Close as the verifier reads it: the kernel's note `{ openContextHeld }` (kernel
// devmgr/open-context.ts) lists what a driver still held for one open context when that context's Close returned.
// Each leak rule takes the kinds it owns (CE6-R03 handles, CE6-R04 memory, CE6-M04 caller and duplicate buffers,
// CE6-A02 asynchronous buffers), with the note as the evidence.
import type { HeldResource, LeakKind, OpenContextHeld } from '@cedk/kernel'
import type { VerifierCore } from './core.js'
import type { EventView } from './event-view.js'

export function heldAtClose(e: EventView): OpenContextHeld | undefined {
  return (e.detail as { openContextHeld?: OpenContextHeld } | undefined)?.openContextHeld
}

/** "when serial.dll!COM_Close returned for open context #3 (opened by p5)". */
export const closeWhen = (h: OpenContextHeld): string => `when ${h.close} returned for open context #${h.openContext} (opened by p${h.owner})`

/** The entry point of an allocation site ("serial.dll!COM_Open" → "COM_Open"). */
export const entryOfSite = (site: string): string => site.split('!')[1] ?? site

/** A Note handler reporting `rule` for each held resource of `kinds` (R03, R04: no ledger of their own here). */
export function onHeldAtClose(rule: 'CE6-R03' | 'CE6-R04', kinds: readonly LeakKind[]) {
  return (e: EventView, v: VerifierCore): void => {
    const h = heldAtClose(e)
    if (!h) return
    for (const r of h.held) {
      if (!kinds.includes(r.kind)) continue
      v.report(rule, e, `${r.kind} leaked at Close: ${r.detail}, allocated at ${r.site}, still held ${closeWhen(h)}`, {
        driver: r.driver,
        entry: entryOfSite(r.site),
        stack: [r.site],
        key: `close${h.openContext}|${r.kind}|${r.detail}`,
        detail: { leak: r, openContext: h.openContext },
      })
    }
  }
}

/** The marshalled buffers of `kinds` a Close left open, by ledger id. */
export function heldBuffers(h: OpenContextHeld, kinds: readonly LeakKind[]): HeldResource[] {
  return h.held.filter((r) => r.buffer !== undefined && kinds.includes(r.kind))
}
