// cedk merge: shard reports in, one report out; directories; refused inputs are usage errors.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { buildReport, stringifyReport } from '../../src/report/index.js'
import { failingCases } from '../helpers/sample-reports.js'
import { runOf } from '../helpers/synthetic-run.js'
import { cedk, tempDir } from './helpers.js'

function shardDir(): string {
  const dir = tempDir()
  const cases = failingCases()
  const good = cases.filter((c) => c.module.includes('/good/'))
  const legacy = cases.filter((c) => !c.module.includes('/good/'))
  mkdirSync(join(dir, 'shards/1'), { recursive: true })
  mkdirSync(join(dir, 'shards/2'), { recursive: true })
  writeFileSync(join(dir, 'shards/1/cedk-report.json'), stringifyReport(buildReport(runOf(good), { seed: 1, shard: { index: 1, count: 2 } })))
  writeFileSync(join(dir, 'shards/2/cedk-report.json'), stringifyReport(buildReport(runOf(legacy), { seed: 1, shard: { index: 2, count: 2 } })))
  writeFileSync(join(dir, 'whole.json'), stringifyReport(buildReport(runOf(cases), { seed: 1 })))
  return dir
}

test('merging the shards gives the whole run: same bytes; exit 1 because the run failed', async () => {
  const dir = shardDir()
  const r = await cedk(dir, 'merge', 'shards/2/cedk-report.json', 'shards/1/cedk-report.json', '--out', 'merged.json')
  expect(r.code).toBe(1)
  expect(r.out).toBe('merged 2 reports into merged.json: 2 drivers, 18 cells, 2 violations — FAILED')
  expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'))
})

test('a directory stands for every cedk-report*.json under it', async () => {
  const dir = shardDir()
  expect((await cedk(dir, 'merge', 'shards', '-o', 'merged.json')).code).toBe(1)
  expect(readFileSync(join(dir, 'merged.json'), 'utf8')).toBe(readFileSync(join(dir, 'whole.json'), 'utf8'))
})

test('refused: no --out, a shard twice, a missing shard, different seeds — exit 2 with the reason', async () => {
  const dir = shardDir()
  expect(await cedk(dir, 'merge', 'shards')).toMatchObject({ code: 2, err: 'cedk merge: --out <file> is required (see cedk merge --help)' })
  const twice = await cedk(dir, 'merge', 'shards/1/cedk-report.json', 'shards/1/cedk-report.json', '--out', 'm.json')
  expect(twice).toMatchObject({ code: 2, err: expect.stringContaining('shard 1/2 given twice') })
  expect(await cedk(dir, 'merge', 'shards/1/cedk-report.json', '--out', 'm.json')).toMatchObject({ code: 2, err: expect.stringContaining('shard 2/2 missing') })
  const other = JSON.parse(readFileSync(join(dir, 'shards/2/cedk-report.json'), 'utf8'))
  writeFileSync(join(dir, 'seed2.json'), JSON.stringify({ ...other, seed: 2 }))
  expect(await cedk(dir, 'merge', 'shards/1/cedk-report.json', 'seed2.json', '--out', 'm.json')).toMatchObject({ code: 2, err: expect.stringContaining('seeds differ (1 vs 2)') })
  expect(await cedk(dir, 'merge', 'nope.json', '--out', 'm.json')).toMatchObject({ code: 2, err: expect.stringContaining('nope.json: no such report') })
})
