// The command line itself: help for every command with examples, unknown commands and options, exit codes.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { COMMANDS } from '../../src/cli/help.js'
import { cedk, tempDir } from './helpers.js'

test('cedk --help lists every command and the exit codes; no command at all is a usage error', async () => {
  const help = await cedk(tempDir(), '--help')
  expect(help.code).toBe(0)
  for (const c of COMMANDS) expect(help.out).toMatch(new RegExp(`^  ${c}\\b`, 'm'))
  expect(help.out).toContain('2  usage error')
  expect((await cedk(tempDir())).code).toBe(2)
})

test.each(COMMANDS)('cedk %s --help: usage, options and examples, exit 0', async (command) => {
  const r = await cedk(tempDir(), command, '--help')
  expect(r.code).toBe(0)
  expect(r.out).toContain(`Usage: cedk ${command}`)
  expect(r.out).toContain('Examples:')
  expect(r.out).toContain(`cedk ${command}`)
  expect(r.out).toContain('Exit codes:')
  expect((await cedk(tempDir(), 'help', command)).out).toBe(r.out)
})

test('an unknown command or option is exit 2 with what to do', async () => {
  const cmd = await cedk(tempDir(), 'tset')
  expect(cmd).toMatchObject({ code: 2, err: expect.stringContaining('unknown command "tset"; the commands are test, scan, report, merge, init') })
  const opt = await cedk(tempDir(), 'report', '--fromat', 'sarif')
  expect(opt).toMatchObject({ code: 2, err: 'cedk report: unknown option --fromat (see cedk report --help)' })
  const value = await cedk(tempDir(), 'report', '--format')
  expect(value).toMatchObject({ code: 2, err: expect.stringContaining('option --format needs a value') })
  const bad = await cedk(tempDir(), 'report', '--format', 'pdf')
  expect(bad).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of matrix, markdown, html, badge, endpoint, sarif, junit, json, got "pdf"') })
})

test('a bug in cedk is exit 3 with the stack', async () => {
  const dir = tempDir()
  writeFileSync(join(dir, 'cedk-report.json'), JSON.stringify({ schema: 'cedk-report/2', drivers: null }))
  const r = await cedk(dir, 'report')
  expect(r.code).toBe(3)
  expect(r.err).toMatch(/^cedk report: internal error — this is a bug in cedk/)
  expect(r.err).toContain('TypeError')
})
