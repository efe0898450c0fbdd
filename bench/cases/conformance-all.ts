// conformance-all (issue 7): the wall time of the whole main job, `npm run conformance` — every example, both modes,
// every rule, the default property runs — from a fresh process, as a user or CI runs it (target at most 60 s).
import { execFileSync } from 'node:child_process'
import type { BenchCase } from '../harness.js'

// `npm run bench` runs from the repository root (the compiled case lives under .bench/, so not relative to it).
const root = process.cwd()

export const conformanceAllCases: BenchCase[] = [
  {
    name: 'conformance-all',
    what: 'npm run conformance end to end: every example, both modes, default property runs (1 op = 1 run; target ≥ 0.0167 /s, i.e. ≤ 60 s)',
    once: 2,
    async setup() {
      return () => {
        execFileSync('npm', ['run', '--silent', 'conformance'], { cwd: root, stdio: 'ignore', env: { ...process.env, FORCE_COLOR: '0' } })
      }
    },
  },
]
