// `cedk test` in-process through vitest's Node API on the small fixture specs: the two-shard split merges into the
// unsharded report, a malformed registry is reported with its file and line, bad options are usage errors.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { mergeReports } from '../../src/report/merge.js'
import type { CedkReport } from '../../src/report/index.js'
import { cedk, FIXTURES, tempDir } from './helpers.js'

const config = ['--config', 'vitest.fixtures.config.ts', '--reporter=dot']

test('a run split with --shard=1/2 and --shard=2/2 merges into exactly the unsharded report', async () => {
  const dir = tempDir()
  const whole = await cedk(FIXTURES, 'test', 'shard/', ...config, '--report-file', join(dir, 'whole.json'))
  const one = await cedk(FIXTURES, 'test', 'shard/', ...config, '--shard=1/2', '--report-file', join(dir, 'r1.json'))
  const two = await cedk(FIXTURES, 'test', 'shard/', ...config, '--shard', '2/2', '--report-file', join(dir, 'r2.json'))
  // m01.dll breaks CE6-M01: the run fails, in whichever shard it lands.
  expect(whole.code).toBe(1)
  expect([one.code, two.code].sort()).toEqual([0, 1])
  const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as CedkReport
  const [r1, r2, all] = [read('r1.json'), read('r2.json'), read('whole.json')]
  expect(r1.shard).toEqual({ index: 1, count: 2 })
  expect(r2.shard).toEqual({ index: 2, count: 2 })
  expect(r1.plan.run).toBeGreaterThan(0)
  expect(r2.plan.run).toBeGreaterThan(0)
  expect(all.summary.violations).toBeGreaterThan(0)

  const merged = await cedk(dir, 'merge', 'r2.json', 'r1.json', '--out', 'merged.json')
  expect(merged.code).toBe(1)
  expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'))
  expect(mergeReports([{ name: 'a', report: r1 }, { name: 'b', report: r2 }])).toEqual(all)
}, 30_000)

test('a malformed registry in a spec fails the run with the file, line and column, from the kernel parser', async () => {
  const r = await cedk(FIXTURES, 'test', 'bad-registry', ...config, '--report-file', 'false')
  expect(r.code).toBe(1)
  expect(r.out).toContain('harness-error')
  expect(r.out).toContain("bad.reg:3:15: expected 1 to 8 hex digits after 'dword:'")
}, 20_000)

test('bad options and empty selections are usage errors (exit 2) that say what is wrong', async () => {
  const unknown = await cedk(FIXTURES, 'test', '--bogus-option', ...config)
  expect(unknown).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --bogus-option') })
  const shard = await cedk(FIXTURES, 'test', '--shard=3/2', ...config)
  expect(shard).toMatchObject({ code: 2, err: expect.stringContaining('--shard must be <index>/<count>') })
  const watch = await cedk(FIXTURES, 'test', '--watch', ...config)
  expect(watch).toMatchObject({ code: 2, err: expect.stringContaining('--watch is not supported') })
  const value = await cedk(FIXTURES, 'test', '--seed')
  expect(value).toMatchObject({ code: 2, err: expect.stringContaining('--seed needs a value') })
  const none = await cedk(FIXTURES, 'test', 'no-such-spec', ...config, '--report-file', 'false')
  expect(none).toMatchObject({ code: 2, err: expect.stringContaining('no test files match no-such-spec') })
}, 20_000)
