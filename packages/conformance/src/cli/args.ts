// Options of cedk's own commands, on node:util parseArgs (strict: an unknown option is an error), with the errors
// reworded to name the command and point at its --help.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UsageError } from './exit-codes.js'

export type OptionSpec = NonNullable<ParseArgsConfig['options']>

export interface Parsed {
  values: Record<string, string | boolean | string[] | undefined>
  positionals: string[]
}

export function parseCommandArgs(command: string, argv: readonly string[], options: OptionSpec): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: { help: { type: 'boolean', short: 'h' }, ...options }, allowPositionals: true, strict: true })
    return { values: values as Parsed['values'], positionals }
  } catch (e) {
    throw new UsageError(`cedk ${command}: ${reword((e as Error).message)} (see cedk ${command} --help)`)
  }
}

/** "Unknown option '--x'. To specify a positional argument starting with a '-', place it at the end…" → "unknown option --x". */
function reword(message: string): string {
  const unknown = /Unknown option '([^']+)'/.exec(message)
  if (unknown) return `unknown option ${unknown[1]}`
  const missing = /Option '([^']+)' argument missing/.exec(message)
  if (missing) return `option ${missing[1]!.replace(/^-\w, /, '').replace(/ <value>$/, '')} needs a value`
  return message.split('\n')[0]!.replace(/\.$/, '')
}

export function str(p: Parsed, name: string): string | undefined {
  const v = p.values[name]
  return typeof v === 'string' ? v : undefined
}

export function strs(p: Parsed, name: string): string[] {
  const v = p.values[name]
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : []
}

export function flag(p: Parsed, name: string): boolean {
  return p.values[name] === true
}

/** One of the allowed values, or a usage error listing them. */
export function oneOf<T extends string>(command: string, option: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`cedk ${command}: --${option} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`)
}

export function integer(command: string, option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined
  if (!/^-?\d+$/.test(value)) throw new UsageError(`cedk ${command}: --${option} must be an integer, got ${JSON.stringify(value)}`)
  return Number(value)
}
