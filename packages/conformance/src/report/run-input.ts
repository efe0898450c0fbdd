// What the reporter reads from a finished vitest run, reduced to plain data (so the report and the plan check can
// be tested with synthetic runs): every test with its cedk meta and state, every planned suite, load errors.
import type { TestCase, TestModule } from 'vitest/node'
import { cedkMeta, suitePlan, type CedkMeta, type SuitePlan } from './case-record.js'

export interface CaseInput {
  /** Suite and test names, outermost first. */
  names: string[]
  module: string
  state: 'passed' | 'failed' | 'skipped' | 'pending'
  meta: CedkMeta | undefined
}

export interface SuiteInput {
  module: string
  names: string[]
  plan: SuitePlan
  /** Family cases the suite registered. */
  registered: number
}

export interface RunInput {
  cases: CaseInput[]
  suites: SuiteInput[]
  /** Modules that failed to load or collect, and errors outside tests. */
  errors: { module: string; message: string }[]
}

export function collectRun(modules: readonly TestModule[], unhandled: readonly { message?: string }[] = []): RunInput {
  const run: RunInput = { cases: [], suites: [], errors: [] }
  for (const mod of modules) {
    const module = mod.relativeModuleId
    for (const e of mod.errors()) run.errors.push({ module, message: e.message })
    const root = mod.project.config.root
    for (const t of mod.children.allTests()) run.cases.push(caseOf(t, module, root))
    for (const s of mod.children.allSuites()) {
      const plan = suitePlan(s.meta())
      if (plan) run.suites.push({ module, names: s.fullName.split(' > '), plan, registered: [...s.children.tests()].filter((t) => cedkMeta(t.meta())?.kind === 'family').length })
    }
  }
  for (const e of unhandled) run.errors.push({ module: '(outside the tests)', message: e.message ?? 'unknown error' })
  return run
}

function caseOf(t: TestCase, module: string, root: string): CaseInput {
  const meta = cedkMeta(t.meta())
  return { names: t.fullName.split(' > '), module, state: t.result().state, meta: meta && relativeDefinition(meta, root) }
}

/** The driver's definition site relative to the root, like the modules: no absolute path in a report. */
export function relativeDefinition<M extends CedkMeta>(meta: M, root: string): M {
  const def = meta.definition?.replace(/\\/g, '/')
  const prefix = `${root.replace(/\\/g, '/').replace(/\/$/, '')}/`
  return def?.startsWith(prefix) ? { ...meta, definition: def.slice(prefix.length) } : meta
}
