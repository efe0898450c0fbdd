// The CLI in-process for the tests: run(argv) with a captured context, and temp directories.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import type { CliContext } from '../../src/cli/context.js'
import { run } from '../../src/cli/main.js'

export interface Captured {
  code: number
  out: string
  err: string
}

/** A stream that drops what vitest writes (its own output is not what these tests look at). */
const sink = () => new Writable({ write: (_chunk, _enc, done) => done() })

export async function cedk(cwd: string, ...argv: string[]): Promise<Captured> {
  const out: string[] = []
  const err: string[] = []
  const ctx: CliContext = { cwd, out: (t) => out.push(t), err: (t) => err.push(t), env: { NO_COLOR: '1' }, vitestOutput: { stdout: sink(), stderr: sink() } }
  const code = await run(argv, ctx)
  return { code, out: out.join('\n'), err: err.join('\n') }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'cedk-cli-'))
}

export const FIXTURES = new URL('./fixtures/', import.meta.url).pathname
