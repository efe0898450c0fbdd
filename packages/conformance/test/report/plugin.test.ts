// cedkPlugin(): the cedk reporter survives `--reporter=dot` on the command line, which replaces the config's reporters.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { expect, test, vi } from 'vitest'
import { startVitest } from 'vitest/node'
import type { CedkReport } from '../../src/report/index.js'
import { FIXTURES, tempDir } from '../cli/helpers.js'

const sink = () => new Writable({ write: (_c, _e, done) => done() })

test('with cedkPlugin in the config, a command-line reporter override keeps the cedk reporter: the report is written and the run fails', async () => {
  const out = join(tempDir(), 'r.json')
  vi.stubEnv('CEDK_FIXTURE_REPORT', out)
  const saved = process.exitCode
  try {
    const vitest = await startVitest('test', ['shard/m01'], { root: FIXTURES, config: join(FIXTURES, 'vitest.plugin.config.ts'), reporters: ['dot'], watch: false }, undefined, { stdout: sink(), stderr: sink() })
    await vitest.close()
    expect(existsSync(out)).toBe(true)
    const report = JSON.parse(readFileSync(out, 'utf8')) as CedkReport
    expect(report.drivers.map((d) => d.dll)).toEqual(['m01.dll'])
    expect(report.summary.violations).toBeGreaterThan(0)
    expect(process.exitCode).toBe(1)
  } finally {
    process.exitCode = saved
    vi.unstubAllEnvs()
  }
}, 30_000)
