// Errors in a spec file, as a new user meets them: each printed once, naming the file and the fix.
import { Writable } from 'node:stream'
import { expect, test } from 'vitest'
import type { CliContext } from '../../src/cli/context.js'
import { run } from '../../src/cli/main.js'
import { FIXTURES } from './helpers.js'

/** `cedk test` in-process, with vitest's own output captured too (the failures vitest prints per test). */
async function cedkAll(...argv: string[]): Promise<{ code: number; all: string }> {
  const chunks: string[] = []
  const capture = () => new Writable({ write: (chunk: Buffer, _enc, done) => (chunks.push(chunk.toString()), done()) })
  const ctx: CliContext = { cwd: FIXTURES, out: (t) => chunks.push(t), err: (t) => chunks.push(t), env: { NO_COLOR: '1' }, vitestOutput: { stdout: capture(), stderr: capture() } }
  const code = await run(argv, ctx)
  return { code, all: chunks.join('\n') }
}

const config = ['--config', 'vitest.fixtures.config.ts', '--report-file', 'false']

test('a spec whose driver import finds no default export: one error naming the spec file and what to export', async () => {
  const r = await cedkAll('test', 'no-default', ...config)
  expect(r.code).toBe(1)
  // The path is relative to the working directory (the fixtures' here, the repository's in this in-process run).
  expect(r.all).toMatch(/conformance\(driver, …\) in (\S+\/)?no-default\/no-default\.fixture\.ts: the driver is undefined: the module it was imported from has no default export\. To fix it, export the driver as its module's default/)
  expect(r.all).not.toContain('toLowerCase')
}, 20_000)

test('a machine that cannot boot: the error is printed by the first case, the others point to it', async () => {
  const r = await cedkAll('test', 'bad-registry', ...config)
  expect(r.code).toBe(1)
  // Once in vitest's failures, once in the matrix's notes (with the number of families it failed).
  expect(r.all.split("bad.reg:3:15: expected 1 to 8 hex digits after 'dword:'").length - 1).toBe(2)
  expect(r.all).toContain('(6 families)')
  expect(r.all.split('the same error as the case "kernel mode, marshalling" (printed there)').length - 1).toBe(5)
}, 20_000)
