// A small benchmark harness: each case runs for a fixed time after a warm-up, several samples are taken, and the
// median is reported. Results are printed as a table and written to bench-results.json with each case's ratio to
// the baseline of the same run.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export interface BenchCase {
  name: string
  /** One line saying what is measured. */
  what: string
  /** Prepare the case; returns a function doing `n` operations (sync or async). */
  setup(): Promise<(n: number) => unknown>
  baseline?: boolean
  /** A slow case (seconds an operation): time `once` single operations instead of calibrated batches. */
  once?: number
  /** With `once`: each operation returns the milliseconds of the part of its work it measures itself. */
  selfTimed?: boolean
}

/** `n` calls of `call` in a row, each one checked: the body of the IOCTL round-trip cases. */
export function repeatCall(call: () => Promise<{ ok: boolean; error: string }>): (n: number) => Promise<void> {
  return async (n) => {
    for (let i = 0; i < n; i++) {
      const r = await call()
      if (!r.ok) throw new Error(`DeviceIoControl failed: ${r.error}`)
    }
  }
}

export interface BenchResult {
  name: string
  what: string
  opsPerSec: number
  /** opsPerSec / baseline opsPerSec (1 for the baseline itself). */
  ratio: number
  /** How many times the baseline's cost one operation is (1 / ratio). */
  costVsBaseline: number
  samples: number[]
}

const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 400)
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 5)
/** Batches run and thrown away before the samples: the JIT (and the young generation's sizing) settle first. */
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1000)

async function measure(run: (n: number) => unknown, once?: number, selfTimed = false): Promise<number[]> {
  if (once) return timeEach(run, once, selfTimed)
  // Calibrate a batch size that takes about 10 ms, warming up on the way.
  let n = 1
  for (;;) {
    const t0 = performance.now()
    await run(n)
    if (performance.now() - t0 > 10 || n > 1e8) break
    n *= 2
  }
  for (const t0 = performance.now(); performance.now() - t0 < WARMUP_MS; ) await run(n)
  const samples: number[] = []
  for (let s = 0; s < SAMPLES; s++) {
    let ops = 0
    const t0 = performance.now()
    while (performance.now() - t0 < SAMPLE_MS) {
      await run(n)
      ops += n
    }
    samples.push((ops / (performance.now() - t0)) * 1000)
  }
  return samples
}

/** `times` single operations, each timed on its own: for cases too slow for batches. */
async function timeEach(run: (n: number) => unknown, times: number, selfTimed: boolean): Promise<number[]> {
  const samples: number[] = []
  for (let i = 0; i < times; i++) {
    const t0 = performance.now()
    const r = await run(1)
    const ms = selfTimed ? Number(r) : performance.now() - t0
    samples.push(1000 / ms)
  }
  return samples
}

/** Three significant digits below 100 ops/s (slow cases), whole numbers above. */
const round = (x: number): number => (x >= 100 ? Math.round(x) : Number(x.toPrecision(3)))

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** The cases `--only a,b,…` names (every case without it); an unknown name is an error listing the known ones. */
function selected(cases: BenchCase[]): BenchCase[] {
  const at = process.argv.indexOf('--only')
  if (at < 0) return cases
  const names = (process.argv[at + 1] ?? '').split(',').filter((n) => n !== '')
  const unknown = names.filter((n) => !cases.some((c) => c.name === n))
  if (names.length === 0 || unknown.length > 0) {
    throw new Error(`--only ${unknown.join(',') || '(nothing)'}: no such benchmark case; the cases are ${cases.map((c) => c.name).join(', ')}`)
  }
  return cases.filter((c) => names.includes(c.name))
}

/**
 * Run every case (or those `--only` names, comma-separated), each in a fresh Node process (so one case's JIT
 * feedback cannot slow another down), print the table and write `out`. With `--case <name>` this process measures that one case and prints its samples as JSON.
 */
export async function runBenchmarks(cases: BenchCase[], entry: string, out = 'bench-results.json'): Promise<BenchResult[]> {
  const only = process.argv.indexOf('--case')
  if (only >= 0) {
    const c = cases.find((x) => x.name === process.argv[only + 1])
    if (!c) throw new Error(`no benchmark case named ${process.argv[only + 1]}`)
    console.log(JSON.stringify(await measure(await c.setup(), c.once, c.selfTimed)))
    return []
  }
  const raw: { c: BenchCase; samples: number[] }[] = []
  for (const c of selected(cases)) {
    const stdout = execFileSync(process.execPath, [fileURLToPath(entry), '--case', c.name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    raw.push({ c, samples: JSON.parse(stdout.trim().split('\n').at(-1)!) as number[] })
    process.stdout.write('.')
  }
  process.stdout.write('\n')
  const base = raw.find((r) => r.c.baseline) ?? raw[0]!
  const baseOps = median(base.samples)
  const results = raw.map(({ c, samples }) => {
    const ops = median(samples)
    return { name: c.name, what: c.what, opsPerSec: round(ops), ratio: ops / baseOps, costVsBaseline: baseOps / ops, samples: samples.map(round) }
  })
  printTable(results, base.c.name)
  writeFileSync(out, JSON.stringify({ node: process.version, sampleMs: SAMPLE_MS, samples: SAMPLES, baseline: base.c.name, results }, null, 2) + '\n')
  console.log(`\nwrote ${out}`)
  return results
}

function printTable(rs: BenchResult[], baseline: string): void {
  const fmt = (n: number): string =>
    n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k/s` : n >= 100 ? `${n.toFixed(0)} /s` : `${n.toPrecision(3)} /s`
  const w = Math.max(...rs.map((r) => r.name.length), 4)
  console.log(`${'case'.padEnd(w)}  ${'ops/s'.padStart(10)}  ${'× cost'.padStart(8)}  what`)
  for (const r of rs) {
    const cost = r.name === baseline ? 'baseline' : `${r.costVsBaseline.toFixed(1)}×`
    console.log(`${r.name.padEnd(w)}  ${fmt(r.opsPerSec).padStart(10)}  ${cost.padStart(8)}  ${r.what}`)
  }
}
