// What a command may touch of the outside world, injected so the commands run in-process in tests.
import type { Writable } from 'node:stream'

export interface CliContext {
  cwd: string
  out: (text: string) => void
  err: (text: string) => void
  env: Readonly<Record<string, string | undefined>>
  /** Where vitest itself writes (cedk test); default the process's streams. */
  vitestOutput?: { stdout: Writable; stderr: Writable }
}

export function processContext(): CliContext {
  return {
    cwd: process.cwd(),
    out: (t) => process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
    err: (t) => process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
    env: process.env,
  }
}
