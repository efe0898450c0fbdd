// cedk test [paths] [vitest options…]: the conformance run through vitest's Node API (startVitest) with the
// CedkReporter. cedk's own options are taken out first; the rest is vitest's command line, parsed by vitest's
// parseCLI and checked against vitest's option names.
import { parseCLI, startVitest, type CliOptions, type Reporter } from 'vitest/node'
import { DEFAULT_HTML_FILE } from '../../report/html/html-report.js'
import { CedkReporter } from '../../report/reporter.js'
import { CedkJUnitReporter } from '../../report/vitest-junit.js'
import { integer } from '../args.js'
import type { CliContext } from '../context.js'
import { EXIT, UsageError } from '../exit-codes.js'
import { help } from '../help.js'
import { REFUSED_VITEST_OPTIONS, VITEST_OPTIONS } from '../vitest-options.js'

const OWN = ['report-file', 'seed', 'expectations', 'junit', 'html'] as const
type Own = Partial<Record<(typeof OWN)[number], string>>

export async function testCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) return help(ctx, 'test')
  const { own, rest } = takeOwnOptions(argv)
  const { filter, options } = vitestArgs(rest)
  const reporter = new CedkReporter({
    outputFile: own['report-file'] === 'false' ? false : (own['report-file'] ?? 'cedk-report.json'),
    ...(own.seed !== undefined ? { seed: integer('test', 'seed', own.seed)!, envSeed: false } : {}),
    ...(own.expectations !== undefined ? { expectations: own.expectations } : {}),
    ...(own.html !== undefined ? { html: own.html } : {}),
    print: ctx.out,
  })
  // CLI reporters replace the config's, so the CedkReporter is added here (and a config's CedkReporter does not run twice).
  const userReporters = [options.reporter ?? []].flat()
  delete options.reporter
  const reporters: (string | Reporter)[] = [...(userReporters.length ? userReporters : ['default']), reporter]
  if (own.junit !== undefined) reporters.push(new CedkJUnitReporter({ outputFile: own.junit }))
  const savedExitCode = process.exitCode
  process.exitCode = undefined
  try {
    const vitest = await startVitest(
      'test',
      filter,
      { root: ctx.cwd, ...options, watch: false, run: true, reporters: reporters as CliOptions['reporters'], ...(options.shard ? { passWithNoTests: options.passWithNoTests ?? true } : {}) },
      undefined,
      ctx.vitestOutput ?? {},
    )
    if (!vitest.state.getFiles().length && !options.shard && !options.passWithNoTests) {
      throw new UsageError(`cedk test: no test files${filter.length ? ` match ${filter.join(', ')}` : ''} (paths are parts of test file paths; the vitest config in ${ctx.cwd} decides what is a test file)`)
    }
    const failed = process.exitCode !== undefined && process.exitCode !== 0
    return failed || (reporter.report && !reporter.report.ok) ? EXIT.failures : EXIT.ok
  } finally {
    process.exitCode = savedExitCode
  }
}

/** --report-file, --seed, --expectations and --junit (as `--x v` or `--x=v`) and --html[=file] are cedk's; the rest goes to vitest. */
function takeOwnOptions(argv: readonly string[]): { own: Own; rest: string[] } {
  const own: Own = {}
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    // --html alone writes cedk-report.html; --html=<file> names the file (a following word would be a test path).
    if (arg === '--html' || arg.startsWith('--html=')) {
      own.html = arg === '--html' ? DEFAULT_HTML_FILE : arg.slice('--html='.length)
      if (!own.html) throw new UsageError('cedk test: --html= needs a file name (or use --html alone for cedk-report.html)')
      continue
    }
    const m = /^--(report-file|seed|expectations|junit)(?:=(.*))?$/.exec(arg)
    if (!m) {
      rest.push(arg)
      continue
    }
    const value = m[2] ?? argv[++i]
    if (value === undefined || (m[2] === undefined && value.startsWith('-'))) throw new UsageError(`cedk test: option --${m[1]} needs a value (see cedk test --help)`)
    own[m[1] as keyof Own] = value
  }
  return { own, rest }
}

function vitestArgs(rest: readonly string[]): { filter: string[]; options: CliOptions & { reporter?: string | string[] } } {
  let parsed: ReturnType<typeof parseCLI>
  try {
    parsed = parseCLI(['vitest', 'run', ...rest])
  } catch (e) {
    throw new UsageError(`cedk test: ${(e as Error).message} (see cedk test --help)`)
  }
  for (const name of Object.keys(parsed.options)) {
    if (name === '--') continue
    const flagName = name.length > 1 ? `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : `-${name}`
    if (!VITEST_OPTIONS.has(name)) throw new UsageError(`cedk test: unknown option ${flagName} (neither cedk's nor vitest's; see cedk test --help)`)
    if (REFUSED_VITEST_OPTIONS.has(name) && parsed.options[name as keyof CliOptions]) throw new UsageError(`cedk test: ${flagName} is not supported: cedk test runs once and exits`)
  }
  const options = parsed.options as CliOptions & { reporter?: string | string[]; run?: boolean; '--'?: unknown }
  delete options['--']
  if (options.shard !== undefined) checkShard(String(options.shard))
  return { filter: parsed.filter, options }
}

function checkShard(shard: string): void {
  const m = /^(\d+)\/(\d+)$/.exec(shard)
  if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) {
    throw new UsageError(`cedk test: --shard must be <index>/<count> with 1 ≤ index ≤ count, e.g. --shard=1/2; got ${JSON.stringify(shard)}`)
  }
}
