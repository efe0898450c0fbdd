// cedk describe <spec> [--seed n]: the IOCTL descriptions of every driver a spec file checks with conformance(),
// as TypeScript to paste into the spec — inferred by probing the driver for each plain { name, code, inSize,
// outSize }, each field with why inference believes it. The spec runs under vitest (its config, its imports) with
// only the describe tests selected (properties/infer/describe-mode.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startVitest } from 'vitest/node'
import { DESCRIBE_ENV, DESCRIBE_TEST, type DescribedDriver } from '../../properties/infer/describe-mode.js'
import { importsFor } from '../../properties/infer/description-text.js'
import { flag, integer, parseCommandArgs, str } from '../args.js'
import type { CliContext } from '../context.js'
import { EXIT, UsageError } from '../exit-codes.js'
import { help } from '../help.js'

export async function describeCommand(argv: readonly string[], ctx: CliContext): Promise<number> {
  const { spec, seed, help: wantsHelp } = parseArgs(argv)
  if (wantsHelp) return help(ctx, 'describe')
  const dir = mkdtempSync(join(tmpdir(), 'cedk-describe-'))
  const out = join(dir, 'descriptions.jsonl')
  const saved = { out: process.env[DESCRIBE_ENV], seed: process.env.CEDK_SEED, code: process.exitCode }
  process.env[DESCRIBE_ENV] = out
  if (seed !== undefined) process.env.CEDK_SEED = String(seed)
  try {
    const vitest = await startVitest('test', [spec], { root: ctx.cwd, watch: false, run: true, testNamePattern: `^${DESCRIBE_TEST} `, reporters: [{}] }, undefined, ctx.vitestOutput ?? {})
    if (!vitest.state.getFiles().length) throw new UsageError(`cedk describe: no test file matches ${spec} (the vitest config in ${ctx.cwd} decides what is a test file)`)
    const errors = vitest.state.getFiles().flatMap((f) => [...(f.result?.errors ?? []), ...f.tasks.flatMap((t) => t.result?.errors ?? [])])
    if (errors.length) {
      ctx.err(`cedk describe: ${spec} failed: ${errors.map((e) => e.message).join('\n')}`)
      return EXIT.failures
    }
    const drivers = readDescriptions(out)
    if (!drivers.length) throw new UsageError(`cedk describe: ${spec} calls conformance() for no driver`)
    ctx.out([importsFor(drivers.map((d) => d.text).join('\n')), '', ...drivers.map((d) => `// ${d.dll} (seed ${d.seed})\n${d.text}\n`)].join('\n'))
    return EXIT.ok
  } finally {
    restore(DESCRIBE_ENV, saved.out)
    restore('CEDK_SEED', saved.seed)
    process.exitCode = saved.code
    rmSync(dir, { recursive: true, force: true })
  }
}

function parseArgs(argv: readonly string[]): { spec: string; seed?: number; help: boolean } {
  const p = parseCommandArgs('describe', argv, { seed: { type: 'string' } })
  if (p.positionals.length > 1) throw new UsageError(`cedk describe: one spec file at a time (got ${p.positionals.join(', ')})`)
  const spec = p.positionals[0] ?? ''
  const seed = integer('describe', 'seed', str(p, 'seed'))
  if (!spec && !flag(p, 'help')) throw new UsageError('cedk describe: which spec? (cedk describe <spec file>, see cedk describe --help)')
  return { spec, help: flag(p, 'help'), ...(seed !== undefined && { seed }) }
}

function readDescriptions(file: string): DescribedDriver[] {
  let text = ''
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return []
  }
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as DescribedDriver)
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}
