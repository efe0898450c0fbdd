// The expectations file (cedk.expect.json), kept out of the tests like WPT's expectation files: it waives a known
// violation with a reason and an expiry date. A waived violation still shows (as waived); an expired waiver and a
// waiver nothing needed any more (an "unexpected pass") fail the run, so the file stays true.
import { MODES, type Mode } from '../mode.js'
import { findRule, getRule } from '../rules/table.js'

export const EXPECTATIONS_SCHEMA = 'cedk-expect/1'
export const DEFAULT_EXPECTATIONS_FILE = 'cedk.expect.json'

export interface Waiver {
  /** The driver DLL, e.g. "legacy.dll" (case-insensitive). */
  driver: string
  rule: string
  /** Only this mode; both when omitted. */
  mode?: Mode
  /**
   * Only violations found by this spec file (relative to the root, e.g. "examples/legacy-ce5/spec/legacy.conformance.test.ts"):
   * for two drivers of one DLL name, the one whose violations are known. Every spec when omitted.
   */
  spec?: string
  reason: string
  /** YYYY-MM-DD, the last day the waiver holds. */
  expires: string
}

export interface ExpectationsFile {
  schema: typeof EXPECTATIONS_SCHEMA
  waivers: Waiver[]
}

export class ExpectationsError extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`)
    this.name = 'ExpectationsError'
  }
}

/** Parse and check an expectations file; every problem names the waiver at fault. */
export function parseExpectations(text: string, file = DEFAULT_EXPECTATIONS_FILE): ExpectationsFile {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new ExpectationsError(file, `not JSON: ${(e as Error).message}`)
  }
  const obj = raw as { schema?: unknown; waivers?: unknown }
  if (typeof raw !== 'object' || raw === null || obj.schema !== EXPECTATIONS_SCHEMA) {
    throw new ExpectationsError(file, `expected an object with "schema": "${EXPECTATIONS_SCHEMA}"`)
  }
  if (!Array.isArray(obj.waivers)) throw new ExpectationsError(file, 'expected "waivers": [ … ]')
  return { schema: EXPECTATIONS_SCHEMA, waivers: obj.waivers.map((w, i) => checkWaiver(w, `${file}: waivers[${i}]`)) }
}

function checkWaiver(w: unknown, where: string): Waiver {
  const o = (typeof w === 'object' && w !== null ? w : {}) as Record<string, unknown>
  const str = (k: string): string => {
    if (typeof o[k] !== 'string' || !(o[k] as string).trim()) throw new ExpectationsError(where, `"${k}" must be a non-empty string`)
    return o[k] as string
  }
  const rule = str('rule')
  if (!findRule(rule)) throw new ExpectationsError(where, `unknown rule ${rule} (see docs/rules.md)`)
  const expires = str('expires')
  if (!/^\d{4}-\d{2}-\d{2}$/.test(expires) || Number.isNaN(Date.parse(expires))) {
    throw new ExpectationsError(where, `"expires" must be a date YYYY-MM-DD, got ${JSON.stringify(expires)}`)
  }
  const waiver: Waiver = { driver: str('driver'), rule, reason: str('reason'), expires }
  if (o.mode !== undefined) {
    if (!MODES.includes(o.mode as Mode)) throw new ExpectationsError(where, `"mode" must be one of ${MODES.join(', ')}`)
    waiver.mode = o.mode as Mode
  }
  if (o.spec !== undefined) waiver.spec = str('spec')
  return waiver
}

/** The date a run judges expiries by, from the clock the caller injects (UTC, YYYY-MM-DD). */
export function dayOf(now: Date): string {
  return now.toISOString().slice(0, 10)
}

export function isExpired(w: Waiver, today: string): boolean {
  return w.expires < today
}

/** What a waiver is matched against: a violation, and the spec file that found it when known (absolute or relative). */
export interface WaivableFinding {
  driver: string
  rule: string
  mode: Mode
  spec?: string | undefined
}

export function waiverCovers(w: Waiver, v: WaivableFinding): boolean {
  return w.driver.toLowerCase() === v.driver.toLowerCase() && w.rule === v.rule && (w.mode === undefined || w.mode === v.mode) && specMatches(w.spec, v.spec)
}

/** A scoped waiver matches a finding of that spec file only; its path is relative, the finding's may be absolute. */
export function specMatches(waiverSpec: string | undefined, spec: string | undefined): boolean {
  if (waiverSpec === undefined) return true
  if (spec === undefined) return false
  const [w, s] = [waiverSpec.replace(/\\/g, '/').replace(/^\.\//, ''), spec.replace(/\\/g, '/')]
  return s === w || s.endsWith(`/${w}`)
}

/** The unexpired waiver covering a violation, if any. */
export function activeWaiver(waivers: readonly Waiver[], v: WaivableFinding, today: string): Waiver | undefined {
  return waivers.find((w) => !isExpired(w, today) && waiverCovers(w, v))
}

export function describeWaiver(w: Waiver): string {
  return `${w.driver} ${w.rule}${w.mode ? ` (${w.mode})` : ''}${w.spec ? ` in ${w.spec}` : ''}, expires ${w.expires}: ${w.reason}`
}

/** One cell the run checked: a driver, a mode, a family, and the rules its violations broke. */
export interface CheckedCell {
  dll: string
  mode: Mode
  family: string
  rules: readonly string[]
  /** The spec files that checked it (relative to the root). */
  modules?: readonly string[]
}

export interface WaiverCheck {
  expired: Waiver[]
  /** Unexpired waivers whose rule was checked for their driver and mode, and did not fail. */
  unexpectedPasses: Waiver[]
}

/** Judge the file against what the run checked. Waivers for cells this run did not check are left alone. */
export function checkWaivers(waivers: readonly Waiver[], today: string, cells: readonly CheckedCell[]): WaiverCheck {
  const expired = waivers.filter((w) => isExpired(w, today))
  const unexpectedPasses = waivers.filter((w) => {
    if (isExpired(w, today)) return false
    const family = getRule(w.rule).family
    const checked = cells.filter(
      (c) =>
        c.family === family && c.dll.toLowerCase() === w.driver.toLowerCase() && (w.mode === undefined || w.mode === c.mode) &&
        (w.spec === undefined || (c.modules ?? []).some((m) => specMatches(w.spec, m))),
    )
    return checked.length > 0 && !checked.some((c) => c.rules.includes(w.rule))
  })
  return { expired, unexpectedPasses }
}
