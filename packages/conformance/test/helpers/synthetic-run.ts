// Synthetic vitest runs for the report tests: family cases with results, describeDriver tests, planned suites.
import { FAMILIES, type Family, type Mode } from '../../src/index.js'
import type { CaseInput, FamilyResult, RunInput, ViolationRecord } from '../../src/report/index.js'

/** Where a synthetic driver is defined: one definition per DLL name unless a test says otherwise. */
export function definitionOf(dll: string): string {
  return `examples/${dll.replace('.dll', '')}/src/${dll.replace('.dll', '')}.ts:3`
}

export function violationRec(over: Partial<ViolationRecord> = {}): ViolationRecord {
  return {
    rule: 'CE6-M01',
    family: 'marshalling',
    severity: 'error',
    mode: 'kernel',
    driver: 'legacy.dll',
    entry: 'IOControl',
    scenario: 'each IOCTL with valid buffers',
    message: 'read of 4 bytes at 0x00012000 (origin caller)',
    event: { seq: 41, type: 'mem-read', time: 0, tid: 3, text: '0.000ms t3 mem-read 0x00012000 4' },
    stack: ['legacy.dll!LEG_IOControl', 'DeviceIoControl', 'app.exe'],
    fix: 'Open it with CeOpenCallerBuffer.',
    ...over,
  }
}

export function familyCase(dll: string, mode: Mode, family: Family, result: Partial<FamilyResult> | null = {}, state: CaseInput['state'] = 'passed'): CaseInput {
  const full: FamilyResult | undefined = result === null ? undefined : { seed: 1, verdict: 'pass', violations: [], failures: [], scenarios: ['load and unload'], ...result }
  return {
    names: [`conformance of ${dll} in ${mode} mode`, family],
    module: `examples/${dll.replace('.dll', '')}/spec/x.conformance.test.ts`,
    state,
    meta: { kind: 'family', dll, definition: definitionOf(dll), mode, family, ...(full ? { result: full } : {}) },
  }
}

/** A describeDriver test of the driver, with the violations its machine found when `violations` is given. */
export function driverTestCase(dll: string, mode: Mode, state: CaseInput['state'], name: string, violations?: ViolationRecord[], module = `examples/${dll.replace('.dll', '')}/spec/x.conformance.test.ts`): CaseInput {
  return {
    names: [`${dll} in ${mode} mode`, name],
    module,
    state,
    meta: { kind: 'test', dll, definition: definitionOf(dll), mode, ...(violations ? { result: { violations } } : {}) },
  }
}

/** Every family of a driver in a mode, passing unless `cells` says otherwise. */
export function driverCases(dll: string, mode: Mode, cells: Partial<Record<Family, Partial<FamilyResult>>> = {}): CaseInput[] {
  return FAMILIES.map((f) => familyCase(dll, mode, f.id, cells[f.id] ?? {}))
}

export function runOf(cases: CaseInput[]): RunInput {
  const suites = new Map<string, RunInput['suites'][number]>()
  for (const c of cases) {
    if (c.meta?.kind !== 'family') continue
    const key = c.names[0]!
    const s = suites.get(key) ?? { module: c.module, names: [key], plan: { dll: c.meta.dll, mode: c.meta.mode, cases: FAMILIES.length }, registered: 0 }
    s.registered++
    suites.set(key, s)
  }
  return { cases, suites: [...suites.values()], errors: [] }
}
