// Child processes for the packaging test, run the way a user's shell would run them.
import { spawn } from 'node:child_process'
import { cpSync } from 'node:fs'

export interface RunResult {
  code: number
  output: string
}

/** The environment without what npm scripts and vitest add: the child must not think it runs inside them. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) if (!/^(npm_|VITEST|NODE_OPTIONS$|INIT_CWD$)/i.test(k)) env[k] = v
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0' }
}

export function run(cmd: string, args: readonly string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: userEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('error', (e) => resolve({ code: -1, output: `${output}\n${e.message}` }))
    child.on('close', (code) => resolve({ code: code ?? -1, output }))
  })
}

/** The user project's files, and a package.json as `npm init` would leave it. */
export function copyFixture(from: string, to: string): void {
  cpSync(from, to, { recursive: true })
  cpSync(new URL('./user-package.json', import.meta.url).pathname, `${to}/package.json`)
}
