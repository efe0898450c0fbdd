// The cedk command line: `cedk <command> [options]`. run() is the whole program as a function of its arguments
// and context, so tests call it in-process; the bin shim calls main(), which turns its result into the exit code.
import type { CliContext } from './context.js'
import { processContext } from './context.js'
import { EXIT, UsageError } from './exit-codes.js'
import { COMMANDS, MAIN_HELP, type Command } from './help.js'

type Handler = (argv: readonly string[], ctx: CliContext) => Promise<number>

// Loaded on demand: `cedk report` should not pay for vitest or ts-morph.
const HANDLERS: Record<Command, () => Promise<Handler>> = {
  test: async () => (await import('./commands/test.js')).testCommand,
  scan: async () => (await import('./commands/scan.js')).scanCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  merge: async () => (await import('./commands/merge.js')).mergeCommand,
  init: async () => (await import('./commands/init.js')).initCommand,
  describe: async () => (await import('./commands/describe.js')).describeCommand,
}

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    if (command === 'help' && rest[0]) return run([rest[0], '--help'], ctx)
    ctx.out(MAIN_HELP)
    return command === undefined ? EXIT.usage : EXIT.ok
  }
  if (!(COMMANDS as readonly string[]).includes(command)) {
    ctx.err(`cedk: unknown command ${JSON.stringify(command)}; the commands are ${COMMANDS.join(', ')} (see cedk --help)`)
    return EXIT.usage
  }
  try {
    return await (await HANDLERS[command as Command]())(rest, ctx)
  } catch (e) {
    if (e instanceof UsageError) {
      ctx.err(e.message)
      return EXIT.usage
    }
    ctx.err(`cedk ${command}: internal error — this is a bug in cedk, please report it with what follows\n${(e as Error)?.stack ?? String(e)}`)
    return EXIT.internal
  }
}

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  process.exitCode = await run(argv, processContext())
}
