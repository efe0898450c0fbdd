// CedkJUnitReporter: vitest's own JUnit reporter, told what a conformance test means. vitest writes every failed
// test as <failure>, only skipped tests as <skipped>, and per-test properties only from annotations; a conformance
// cell needs its verdict: a violation is a <failure>, a crash, hang or harness error an <error>, a waived or
// not-applicable cell <skipped>, each with its rule ids, driver, mode, family and verdict as properties
// (junit-properties.ts). The reporter hands vitest's a copy of each test file's tree with those annotations and skip
// marks added — the tasks other reporters see are not touched — and renames <failure> to <error> where the verdict
// says so. Everything else (file layout, console output, failure text, options) is vitest's.
import { relative } from 'node:path'
import type { RunnerTask, RunnerTestCase, RunnerTestFile, TestAnnotation } from 'vitest'
import { JUnitReporter, type JUnitOptions, type TestModule, type Vitest } from 'vitest/node'
import { cedkMeta, type CedkMeta } from './case-record.js'
import { junitOutcome, junitProperties, type JUnitOutcome, type JUnitProperty } from './junit-properties.js'

export type CedkJUnitOptions = JUnitOptions

/** A test's JUnit outcome and properties from its cedk meta (undefined: a plain test, left as vitest writes it). */
export function cedkJUnitCase(meta: CedkMeta | undefined): { outcome: JUnitOutcome; properties: JUnitProperty[] } | undefined {
  if (!meta) return undefined
  if (meta.kind === 'test') return { outcome: 'passed', properties: [{ name: 'cedk.driver', value: meta.dll }, { name: 'cedk.mode', value: meta.mode }] }
  if (meta.kind === 'property') return undefined // a property test passes or fails as vitest says
  const r = meta.result
  if (!r) return undefined // planned but never ran: vitest's own verdict (skipped, or failed to start)
  const cell = { dll: meta.dll, mode: meta.mode, family: meta.family, verdict: r.verdict, seed: r.seed, rules: r.violations.map((v) => v.rule) }
  return { outcome: junitOutcome(r.verdict), properties: junitProperties(cell) }
}

export class CedkJUnitReporter extends JUnitReporter {
  private root = ''
  /** The test being written (writeTasks goes one test at a time, so writeElement knows whose <failure> it is). */
  private current: RunnerTask | undefined
  /** Per file (as vitest names its <testsuite>, relative to the root): failed tests that are errors. */
  private errorsByFile = new Map<string, number>()

  constructor(options: CedkJUnitOptions = {}) {
    super(options)
  }

  override async onInit(ctx: Vitest): Promise<void> {
    this.root = ctx.config.root
    await super.onInit(ctx)
  }

  override async onTestRunEnd(testModules: ReadonlyArray<TestModule>): Promise<void> {
    this.errorsByFile.clear()
    const copies = testModules.map((m) => {
      // vitest's JUnit reporter reads the runner task behind each module (not in TestModule's public type)
      const file = copyTree((m as unknown as { task: RunnerTestFile }).task) as RunnerTestFile
      const errors = allTests(file).filter((t) => t.result?.state === 'fail' && caseOf(t)?.outcome === 'error').length
      this.errorsByFile.set(relative(this.root, file.filepath), errors)
      return { task: file } as unknown as TestModule
    })
    await super.onTestRunEnd(copies)
  }

  override async writeTasks(tasks: RunnerTask[], filename: string): Promise<void> {
    for (const t of tasks) {
      this.current = t
      await super.writeTasks([t], filename)
    }
    this.current = undefined
  }

  override async writeElement(name: string, attrs: Record<string, unknown>, children: () => Promise<void>): Promise<void> {
    if (name === 'failure' && this.current && caseOf(this.current)?.outcome === 'error') return super.writeElement('error', attrs, children)
    if (name === 'testsuite' || name === 'testsuites') {
      const errors = name === 'testsuite' ? (this.errorsByFile.get(String(attrs.name)) ?? 0) : [...this.errorsByFile.values()].reduce((a, b) => a + b, 0)
      return super.writeElement(name, { ...attrs, failures: Number(attrs.failures) - errors, errors }, children)
    }
    return super.writeElement(name, attrs, children)
  }
}

const caseOf = (t: RunnerTask) => (t.type === 'test' ? cedkJUnitCase(cedkMeta(t.meta)) : undefined)

/** The file's tree, suites and tests copied (never the originals changed), each cedk test with its JUnit marks. */
function copyTree(t: RunnerTask): RunnerTask {
  if (t.type !== 'test') return { ...t, tasks: t.tasks.map(copyTree) } as RunnerTask
  const c = caseOf(t)
  if (!c) return t
  const annotations: TestAnnotation[] = [...t.annotations, ...c.properties.map((p) => ({ type: p.name, message: p.value }))]
  return { ...t, annotations, ...(c.outcome === 'skipped' && { mode: 'skip' as const }) } satisfies RunnerTestCase
}

function allTests(t: RunnerTask): RunnerTask[] {
  return t.type === 'test' ? [t] : t.tasks.flatMap(allTests)
}
