// The static porting analyzer from the command line, as it was before `cedk scan` (which now has --fix and --mode):
//   npx tsx --conditions=source scripts/scan.ts <dir…> [--format human|json|sarif] [--registry file.reg]…
//     [--mode report|context|patch] [--fix] [--type-checker] [--out file]
// --fix prints the diff and writes the rewritten files. The exit code is 1 when a must-fix finding remains.
import { writeFileSync } from 'node:fs'
import { analyze, applyPatches, formatHuman, formatJson, formatSarif, type ScanMode } from '@cedk/conformance'

interface Args {
  paths: string[]
  format: 'human' | 'json' | 'sarif'
  registryFiles: string[]
  mode: ScanMode
  fix: boolean
  typeChecker: boolean
  out?: string
}

function parseArgs(argv: string[]): Args {
  const a: Args = { paths: [], format: 'human', registryFiles: [], mode: 'report', fix: false, typeChecker: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = () => argv[++i] ?? fail(`${arg} needs a value`)
    if (arg === '--format') a.format = oneOf(value(), ['human', 'json', 'sarif'] as const)
    else if (arg === '--registry') a.registryFiles.push(value())
    else if (arg === '--mode') a.mode = oneOf(value(), ['report', 'context', 'patch'] as const)
    else if (arg === '--fix') a.fix = true
    else if (arg === '--type-checker') a.typeChecker = true
    else if (arg === '--out') a.out = value()
    else if (arg.startsWith('--')) fail(`unknown option ${arg}`)
    else a.paths.push(arg)
  }
  if (a.paths.length === 0) fail('usage: scan.ts <dir…> [--format human|json|sarif] [--registry file.reg] [--mode report|context|patch] [--fix]')
  return a
}

function oneOf<T extends string>(v: string, allowed: readonly T[]): T {
  return (allowed as readonly string[]).includes(v) ? (v as T) : fail(`expected one of ${allowed.join(', ')}, got ${v}`)
}

function fail(message: string): never {
  console.error(message)
  process.exit(2)
}

const args = parseArgs(process.argv.slice(2))
const mode: ScanMode = args.fix ? 'patch' : args.mode
const result = analyze(args.paths, { registryFiles: args.registryFiles, typeChecker: args.typeChecker, fix: args.fix || mode === 'patch' })
const text =
  args.format === 'sarif' ? formatSarif(result) : args.format === 'json' ? formatJson(result, { mode }) : formatHuman(result, { mode, color: !args.out && process.stdout.isTTY })
if (args.out) writeFileSync(args.out, text)
else process.stdout.write(text)
if (args.fix) {
  applyPatches(result.patches)
  console.error(`--fix: rewrote ${result.patches.length} file(s); run the scan again for what is left`)
}
process.exitCode = result.findings.some((f) => f.tier === 'must-fix') && !args.fix ? 1 : 0
