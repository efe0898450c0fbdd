// Agreement with run time (issue 6, item 6): for every corpus pair in conformance/rules/, which table rules the
// static analyzer reports on violates.ts and on keeps.ts. Each file is scanned with the registry key the corpus
// harness gives it in the rule's mode (udevice-only rules: the user-mode flag), the scenario's values included.
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { KEY, type Scenario } from '../../../../conformance/harness.js'
import { analyze, getRule, STATIC_RULES } from '../../src/index.js'

const RULES_DIR = fileURLToPath(new URL('../../../../conformance/rules/', import.meta.url))

/**
 * Table rules (CE6-…) the analyzer must report, exactly, per corpus file. `why` explains every entry that is not
 * "the pair's own static rule on violates.ts only".
 */
const EXPECTED: Record<string, { violates: string[]; keeps: string[]; why?: string }> = {
  'CE6-M01': { violates: ['CE6-M01'], keeps: [] },
  'CE6-M02': { violates: ['CE6-M01'], keeps: [], why: 'M02 is run-time only (it needs the address); statically it is an embedded pointer through unsafePtr' },
  'CE6-M03': { violates: ['CE6-M03'], keeps: [] },
  'CE6-M04': { violates: ['CE6-M04'], keeps: [] },
  'CE6-M05': { violates: [], keeps: [], why: 'double fetch is run-time/property only' },
  'CE6-M06': { violates: ['CE6-M06'], keeps: [] },
  'CE6-M07': { violates: ['CE6-M07'], keeps: [] },
  'CE6-M08': { violates: [], keeps: [], why: 'a buffer parameter overrun needs the lengths of the call: run-time/property only' },
  'CE6-A01': { violates: ['CE6-A01'], keeps: [] },
  'CE6-A02': { violates: ['CE6-A02'], keeps: [] },
  'CE6-A03': { violates: ['CE6-A03'], keeps: [] },
  'CE6-A04': { violates: [], keeps: [], why: 'flush-before-completion is run-time only' },
  'CE6-A05': { violates: ['CE6-A05'], keeps: [] },
  'CE6-A06': { violates: ['CE6-A06'], keeps: [] },
  'CE6-A07': {
    violates: ['CE6-A06'],
    keeps: ['CE6-A06'],
    why: 'A07 (caller exit) is run-time only; both drivers keep an asynchronous buffer of pOut past the call, which blocks user mode (A06) — the A07 pair runs in kernel mode',
  },
  'CE6-C01': { violates: ['CE6-C01'], keeps: [] },
  'CE6-C02': { violates: [], keeps: [], why: 'function tables across processes: run-time only' },
  'CE6-P01': { violates: ['CE6-P01'], keeps: [], why: 'the address is REGS_BASE, imported from registers.ts outside the rule folder, plus an offset' },
  'CE6-P02': { violates: ['CE6-P02'], keeps: [] },
  'CE6-P03': { violates: ['CE6-P03'], keeps: [], why: 'the corpus case installs giisr.dll correctly and gives GIISR_INFO the constant physical REGS_BASE + 0x10 as its port, never an address of a static mapping' },
  'CE6-P04': { violates: ['CE6-P04'], keeps: [] },
  'CE6-P05': { violates: ['CE6-P05'], keeps: [] },
  'CE6-P06': { violates: ['CE6-P06'], keeps: [], why: 'the key path is KEY, imported from harness.ts outside the rule folder' },
  'CE6-P07': { violates: ['CE6-M03'], keeps: [], why: 'a run-time rule: whether VirtualProtect lands on the reflector parameter window depends on where the reflector mapped the buffer; statically the write through lpInBuf that the protection change was for is CE6-M03' },
  'CE6-R01': { violates: [], keeps: [] },
  'CE6-R02': { violates: [], keeps: [] },
  'CE6-R03': { violates: ['CE6-R03'], keeps: [] },
  'CE6-R04': { violates: ['CE6-R04'], keeps: [] },
  'CE6-R05': { violates: [], keeps: [] },
  'CE6-R06': { violates: [], keeps: [] },
  'CE6-U01': { violates: ['CE6-U01'], keeps: [] },
  'CE6-U02': { violates: ['CE6-U02'], keeps: [] },
  'CE6-U03': { violates: [], keeps: [], why: 'pointers inside a CeCallUserProc buffer: run-time only' },
  'CE6-U04': { violates: [], keeps: [], why: 'kernel-to-user embedded pointers: run-time only' },
}

const TYPE_CHECKER_EXPECTED: Record<string, { violates: string[]; keeps: string[] }> = {
  'CE6-P01': { violates: ['CE6-P01'], keeps: [] },
  'CE6-P06': { violates: ['CE6-P06'], keeps: [] },
}

async function registryFor(id: string): Promise<string> {
  const { scenario } = (await import(`../../../../conformance/rules/${id}/scenario.ts`)) as { scenario: Scenario }
  const modes = scenario.modes ?? getRule(id).modes
  const userOnly = modes.length === 1 && modes[0] === 'udevice'
  const dll = `${id.slice(4).toLowerCase()}.dll`
  return `[HKEY_LOCAL_MACHINE\\${KEY}]\n"Dll"="${dll}"\n"Prefix"="TST"\n"Index"=dword:1\n${userOnly ? '"Flags"=dword:10\n' : ''}${scenario.values ?? ''}\n`
}

function tableRulesFound(file: string, registry: string, typeChecker = false): string[] {
  const r = analyze([file], { registry, typeChecker })
  return [...new Set(r.findings.filter((f) => f.rule.startsWith('CE6-')).map((f) => f.rule))].sort()
}

const corpus = readdirSync(RULES_DIR).filter((d) => d.startsWith('CE6-')).sort()

describe('static analyzer vs the rule corpus', () => {
  test('the table covers every corpus pair', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(corpus)
  })

  test('every static rule of the rule table with a corpus pair finds its violating driver (or says why not)', () => {
    for (const r of STATIC_RULES.filter((x) => x.shared && corpus.includes(x.id))) {
      const e = EXPECTED[r.id]!
      const found = e.violates.includes(r.id) || TYPE_CHECKER_EXPECTED[r.id]?.violates.includes(r.id)
      expect(found || e.why !== undefined, r.id).toBe(true)
    }
  })

  test.each(corpus)('%s: the analyzer reports what the table says', async (id) => {
    const registry = await registryFor(id)
    const e = EXPECTED[id]!
    expect(tableRulesFound(`${RULES_DIR}${id}/violates.ts`, registry), `${id} violates.ts`).toEqual(e.violates)
    expect(tableRulesFound(`${RULES_DIR}${id}/keeps.ts`, registry), `${id} keeps.ts`).toEqual(e.keeps)
  })

  test.each(Object.keys(TYPE_CHECKER_EXPECTED))('%s with the type checker', async (id) => {
    const registry = await registryFor(id)
    const e = TYPE_CHECKER_EXPECTED[id]!
    expect(tableRulesFound(`${RULES_DIR}${id}/violates.ts`, registry, true)).toEqual(e.violates)
    expect(tableRulesFound(`${RULES_DIR}${id}/keeps.ts`, registry, true)).toEqual(e.keeps)
  }, 90_000) // loading the project for the checker takes 3–9 s alone, several times that on a loaded 2-core host
})
