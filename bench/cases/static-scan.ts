// static-scan (issue 6): the porting analyzer on a generated driver tree — 200 files made from the example drivers
// and the rule corpus under new names. Warm: one op is a scan of the whole tree in a process that has already
// scanned it once, so files/s = ops/s × 200 (target ≥ 1 000 files/s with the interprocedural data flow, issue 15); an op per file would charge the per-scan set-up
// to every file. Cold: one op is a `node` process started on a compiled entry that loads ts-morph and scans 100
// files (target < 1.5 s, i.e. ops/s > 0.67). The type-checker rules are opt-in and measured on their own.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyze } from '../../packages/conformance/src/static/index.js'
import type { BenchCase } from '../harness.js'

const REPO = process.cwd()

function templates(): string[] {
  const files = ['examples/legacy-ce5/src/legacy.ts', 'examples/legacy-ce5-ported/src/legacy.ts', 'examples/serial/src/serial.ts']
  const corpus = join(REPO, 'conformance/rules')
  for (const rule of readdirSync(corpus).sort()) for (const f of ['violates.ts', 'keeps.ts']) files.push(join('conformance/rules', rule, f))
  return files.map((f) => readFileSync(join(REPO, f), 'utf8'))
}

/** `count` driver files in `dirs` subdirectories of a new temp dir; returns the dir and the file paths. */
function driverTree(count: number): { dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'cedk-static-bench-'))
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }))
  const src = templates()
  const files: string[] = []
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `group${i % 10}`)
    mkdirSync(sub, { recursive: true })
    const file = join(sub, `driver${i}.ts`)
    writeFileSync(file, src[i % src.length]!.replace(/'([a-z0-9-]+)\.dll'/, `'$1_${i}.dll'`))
    files.push(file)
  }
  return { dir, files }
}

function warm(typeChecker: boolean): () => Promise<(n: number) => unknown> {
  return async () => {
    const { files } = driverTree(200)
    analyze(files, { typeChecker })
    return (n: number) => {
      for (let i = 0; i < n; i++) analyze(files, { typeChecker })
    }
  }
}

async function cold(): Promise<(n: number) => unknown> {
  const { dir } = driverTree(100)
  const entry = fileURLToPath(new URL('./static-scan-cold.js', import.meta.url))
  return (n: number) => {
    for (let i = 0; i < n; i++) {
      const r = spawnSync(process.execPath, [entry, dir], { encoding: 'utf8' })
      if (r.status !== 0 || !r.stdout.startsWith('100 ')) throw new Error(`cold scan failed: ${r.stderr}`)
    }
  }
}

export const staticScanCases: BenchCase[] = [
  { name: 'static-scan-warm', what: 'scans/s of a 200-file driver tree, warm process, syntax rules (files/s = ×200)', setup: warm(false) },
  { name: 'static-scan-typecheck', what: 'scans/s of the same tree with the opt-in type-checker rules (files/s = ×200)', setup: warm(true) },
  { name: 'static-scan-cold', what: 'runs/s: node start + ts-morph load + scan of 100 files (time = 1/ops)', setup: cold },
]
