// CedkReporter, a vitest reporter: it hands the workers the seed and the expectations file (provide/inject), and
// after the run prints the driver × mode × rule-family matrix and writes cedk-report.json (and, when asked, the HTML
// report). It fails the run
// (process.exitCode = 1, as vitest does for a failed test) on what no single test can see: the plan check, an
// expired waiver, an unexpected pass.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import type { Reporter, SerializedError, TestModule, Vitest } from 'vitest/node'
import type {} from '../provided-context.js'
import { DEFAULT_EXPECTATIONS_FILE, dayOf, parseExpectations } from './expectations.js'
import { buildReport, DEFAULT_REPORT_FILE, stringifyReport, type CedkReport, type ReportContext } from './json-report.js'
import { DEFAULT_HTML_FILE, renderHtml } from './html/html-report.js'
import { renderMatrix } from './matrix.js'
import { collectPropertyFailures } from './property-record.js'
import { collectRun } from './run-input.js'

export interface CedkReporterOptions {
  /** Where to write the report, relative to the vitest root; false writes none. Default cedk-report.json. */
  outputFile?: string | false
  /** The expectations file, relative to the root. Default cedk.expect.json, used when it exists. */
  expectations?: string
  /**
   * The run's seed for every spec that does not fix its own (default 1). CEDK_SEED, when set, wins: it is what the
   * replay command of a failure sets, and a config's `seed: 1` must not silently replay another seed.
   */
  seed?: number
  /** Whether CEDK_SEED overrides `seed` (default true; `cedk test --seed` passes false: its flag is the last word). */
  envSeed?: boolean
  /** The clock waiver expiries are judged by (the only use of the date). */
  now?: () => Date
  /** Also write the HTML report (one self-contained page): a path relative to the root, or true for cedk-report.html. */
  html?: string | boolean
  /** Where the matrix goes; default vitest's logger. */
  print?: (text: string) => void
}

export class CedkReporter implements Reporter {
  /** The last run's report, for scripts that drive vitest through its Node API. */
  report: CedkReport | undefined
  private vitest: Vitest | undefined
  private readonly ctx: ReportContext

  constructor(private readonly options: CedkReporterOptions = {}) {
    const env = options.envSeed === false ? undefined : envSeed()
    this.ctx = { seed: env ?? options.seed ?? 1 }
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest
    const pattern = vitest.config.testNamePattern
    if (pattern) this.ctx.nameFilter = pattern
    const shard = vitest.config.shard
    if (shard) this.ctx.shard = { index: shard.index, count: shard.count }
    vitest.provide('cedk:seed', this.ctx.seed)
    this.loadExpectations(vitest.config.root)
    const ex = this.ctx.expectations
    if (ex) vitest.provide('cedk:expectations', { file: ex.file, today: ex.today, expectations: { schema: 'cedk-expect/1', waivers: [...ex.waivers] } })
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    this.report = buildReport(collectRun(modules, unhandled), this.ctx)
    const properties = collectPropertyFailures(modules)
    if (properties.length) this.report.properties = properties
    const { outputFile = DEFAULT_REPORT_FILE } = this.options
    const root = this.vitest?.config.root ?? process.cwd()
    this.print(renderMatrix(this.report))
    if (outputFile !== false) {
      mkdirSync(dirname(resolve(root, outputFile)), { recursive: true })
      writeFileSync(resolve(root, outputFile), stringifyReport(this.report))
      this.print(`wrote ${outputFile}`)
    }
    const html = this.options.html === true ? DEFAULT_HTML_FILE : this.options.html
    if (html) {
      mkdirSync(dirname(resolve(root, html)), { recursive: true })
      writeFileSync(resolve(root, html), renderHtml(this.report))
      this.print(`wrote ${html}`)
    }
    if (!this.report.ok) process.exitCode = 1
  }

  private loadExpectations(root: string): void {
    const file = this.options.expectations ?? DEFAULT_EXPECTATIONS_FILE
    const path = resolve(root, file)
    if (!existsSync(path)) {
      if (this.options.expectations !== undefined) this.ctx.expectationsError = { file, message: 'file not found' }
      return
    }
    try {
      const parsed = parseExpectations(readFileSync(path, 'utf8'), file)
      this.ctx.expectations = { file, waivers: parsed.waivers, today: dayOf((this.options.now ?? (() => new Date()))()) }
    } catch (e) {
      this.ctx.expectationsError = { file, message: (e as Error).message }
    }
  }

  private print(text: string): void {
    if (this.options.print) this.options.print(text)
    else if (this.vitest) this.vitest.logger.log(text)
    else console.log(text)
  }
}

/** CEDK_SEED as an integer; undefined when unset or empty, an error naming the variable when it is not an integer. */
function envSeed(): number | undefined {
  const raw = process.env.CEDK_SEED
  if (raw === undefined || raw.trim() === '') return undefined
  if (!/^-?\d+$/.test(raw.trim())) throw new Error(`CEDK_SEED must be an integer, got ${JSON.stringify(raw)}`)
  return Number(raw)
}
