// The refused privileged requests, by API: which rule a refusal of each API breaks (CE6-P01…P06, C02, U01). Each
// rule's file registers its handler through refusalHandler.
import { Ev } from '@cedk/kernel'
import type { RuleId } from '../../rules/rule.js'
import type { VerifierCore } from '../core.js'
import { hex } from '../core.js'
import type { EventHandler } from '../types.js'
import type { EventView } from '../event-view.js'

export interface Refusal {
  api: string
  error: number
  firstArg: number
  reason: string
  request: string
  driver: string
}

export function refusalOf(e: EventView, v: VerifierCore): Refusal | null {
  if (e.kind !== Ev.Privileged || e.b !== 0) return null
  const d = (e.detail ?? {}) as { reason?: string; request?: string; driver?: string }
  return { api: v.machine.trace.name(e.a), error: e.d, firstArg: e.c, reason: d.reason ?? '', request: d.request ?? '', driver: d.driver ?? '' }
}

/** A Privileged-event handler reporting `rule` for the refusals `match` accepts. */
export function refusalHandler(rule: RuleId, match: (r: Refusal) => boolean): EventHandler {
  return (e, v) => {
    const r = refusalOf(e, v)
    if (!r || !match(r)) return
    const t = v.threadOf(e)
    const what = `${r.api}(${hex(r.firstArg)}) refused with error ${r.error}${r.reason ? `: ${r.reason}` : ''}`
    v.report(rule, e, what, { t, ...(r.driver && !t?.driverFrame() ? { driver: r.driver } : {}), detail: { api: r.api, error: r.error, reason: r.reason, request: r.request } })
  }
}
