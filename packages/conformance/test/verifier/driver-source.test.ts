// Violations name the driver's own source: the TypeScript file and line the author wrote (vitest maps the
// JavaScript stack through the source maps), innermost first.
import { readFileSync } from 'node:fs'
import { createMachine, defineCDriver, type ParamPtr } from '@cedk/kernel'
import { describe, expect, test } from 'vitest'
import { KEY, corpusDriver, runCase } from '../../../../conformance/harness.js'
import { oneIoctl } from '../../../../conformance/io-scenario.js'
import violatesM08 from '../../../../conformance/rules/CE6-M08/violates.js'
import { scenario as m03 } from '../../../../conformance/rules/CE6-M03/scenario.js'
import { scenario as m08 } from '../../../../conformance/rules/CE6-M08/scenario.js'
import { attachVerifier } from '../../src/index.js'
import { driverFrames } from '../../src/verifier/driver-source.js'
import { formatViolation } from '../../src/spec-api/failure-message.js'
import { violationRecord } from '../../src/report/case-record.js'

/** The 1-based line of the first line of `file` (relative to the repository root) that contains `text` (lines that
 *  look it up excepted). */
function lineOf(file: string, text: string): number {
  const lines = readFileSync(new URL(`../../../../${file}`, import.meta.url), 'utf8').split('\n')
  const i = lines.findIndex((l) => l.includes(text) && !l.includes('lineOf('))
  if (i < 0) throw new Error(`${file}: no line with ${text}`)
  return i + 1
}

const THIS_FILE = 'packages/conformance/test/verifier/driver-source.test.ts'

/** Reads its request's DWORD, then dereferences it as a pointer without marshalling it (CE6-M01), in a helper. */
const careless = corpusDriver('careless.dll', (ctx) => {
  function follow(pIn: ParamPtr): number {
    const raw = ctx.mem.readU32(pIn)
    return ctx.mem.readU32(ctx.unsafePtr(raw)) // the unmarshalled read
  }
  return { IOControl: (_h, _c, pIn: ParamPtr) => (follow(pIn), true) }
})

describe('the driver source of a violation', () => {
  test('an access names the line that made it, in the driver file', async () => {
    const [v] = await runCase(violatesM08, m08, 'kernel')
    const line = lineOf('conformance/rules/CE6-M08/violates.ts', 'ctx.mem.writeU32(offset(pOut, 4), 1)')
    expect(v!.rule).toBe('CE6-M08')
    expect(v!.source?.[0]).toMatch(new RegExp(`^conformance/rules/CE6-M08/violates\\.ts:${line}:\\d+ \\(IOControl\\)$`))
  })

  test('the frames go from the helper out to the entry point, in both modes', async () => {
    const line = lineOf(THIS_FILE, '// the unmarshalled read')
    const scenario = { run: async ({ app, h }: Parameters<typeof oneIoctl.run>[0]) => {
      const pIn = app.alloc(8)
      app.writeU32(pIn, app.alloc(4))
      await app.DeviceIoControl(h, 1, pIn, 4, 0, 0)
    } }
    for (const mode of ['kernel', 'udevice'] as const) {
      const v = (await runCase(careless, scenario, mode)).find((x) => x.rule === 'CE6-M01')
      expect(v?.source?.[0], mode).toMatch(new RegExp(`^${THIS_FILE.replace(/\./g, '\\.')}:${line}:\\d+ \\(follow\\)$`))
      expect(v?.source?.[1], mode).toMatch(/ \(IOControl\)$/)
    }
  })

  test('an exception that escaped names the line that raised it (CE6-R02)', async () => {
    const line = lineOf(THIS_FILE, "throw new RangeError('unknown request')")
    const throws = corpusDriver('throws.dll', () => ({
      IOControl: () => {
        throw new RangeError('unknown request')
      },
    }))
    const [v] = await runCase(throws, oneIoctl, 'kernel')
    expect(v!.rule).toBe('CE6-R02')
    expect(v!.source?.[0]).toMatch(new RegExp(`:${line}:\\d+ \\(IOControl\\)$`))
  })

  test('the failure text prints the source', async () => {
    const [v] = await runCase(violatesM08, m08, 'kernel')
    expect(formatViolation(violationRecord(v!, 's', (e) => e.type))).toMatch(/\n {2}source {3}conformance\/rules\/CE6-M08\/violates\.ts:\d+:\d+ \(IOControl\)/)
  })

  test('a machine without JavaScript stacks (the property search) reports the violation without a source', async () => {
    const m = createMachine({ drivers: [violatesM08], registry: `[HKEY_LOCAL_MACHINE\\${KEY}]\n"Dll"="m08.dll"\n"Prefix"="TST"\n"Index"=dword:1\n`, jsStacks: false })
    const verifier = attachVerifier(m, { mode: 'kernel' })
    expect((await m.ActivateDeviceEx(KEY)).ok).toBe(true)
    const app = m.createProcess('app.exe')
    await m08.run({ m, mode: 'kernel', device: undefined as never, app, h: (await app.CreateFile('TST1:')).handle })
    const [v] = verifier.finish(await m.shutdown())
    verifier.dispose()
    expect(v?.rule).toBe('CE6-M08')
    expect(v?.source).toBeUndefined()
  })

  test('driverFrames keeps the first run of frames outside the framework and node_modules', () => {
    const stack = [
      'Error',
      '    at VerifierCore.report (/repo/packages/conformance/src/verifier/core.ts:80:5)',
      '    at Mem.readU32 (/repo/packages/kernel/src/memory/mem.ts:60:10)',
      '    at parse (/proj/src/drv.ts:12:7)',
      '    at async Object.IOControl (file:///proj/src/drv.ts:30:3)',
      '    at invokeEntry (/proj/node_modules/@cedk/kernel/dist/devmgr/entry.js:70:1)',
      '    at run (/proj/spec/drv.test.ts:5:1)',
    ].join('\n')
    const frames = driverFrames(stack).map((f) => f.replace(/^.*?proj\//, ''))
    expect(frames).toEqual(['src/drv.ts:12:7 (parse)', 'src/drv.ts:30:3 (IOControl)'])
  })
})

describe('the driver source of a violation, for a driver written in C', () => {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

  test.each(['kernel', 'udevice'] as const)('%s mode: an access names the C line that made it (CE6-M03 C twin)', async (mode) => {
    const file = 'conformance/rules/CE6-M03/c/violates.c'
    const driver = defineCDriver('m03.dll', new URL(`../../../../${file.replace(/\.c$/, '.wasm')}`, import.meta.url))
    const line = lineOf(file, '*(DWORD *)pBufIn = *(DWORD *)pBufIn + 1;')
    const [v] = await runCase(driver, m03, mode)
    expect(v!.rule).toBe('CE6-M03')
    // The store's own column: the `=` of the assignment.
    expect(v!.source).toEqual([`${file}:${line}:20 (TST_IOControl)`])
  })

  test.each(['kernel', 'udevice'] as const)('%s mode: an exception that escaped names the C line that raised it (CE6-R02)', async (mode) => {
    const file = 'packages/kernel/test/cdriver/slog/slog.c'
    const slog = defineCDriver('slog.dll', new URL(`../../../../${file.replace(/\.c$/, '.wasm')}`, import.meta.url))
    const line = lineOf(file, 'if (pRecord->Channel == dwChannel)')
    // Its own key: the harness's names the TST prefix.
    const m = createMachine({ drivers: [slog], registry: `[HKEY_LOCAL_MACHINE\\${KEY}]\n"Dll"="slog.dll"\n"Prefix"="LOG"\n"Index"=dword:1\n"Flags"=dword:${mode === 'udevice' ? 10 : 0}\n` })
    const verifier = attachVerifier(m, { mode, driver: 'slog.dll' })
    expect((await m.ActivateDeviceEx(KEY)).ok).toBe(true)
    const app = m.createProcess('app.exe')
    const h = (await app.CreateFile('LOG1:')).handle
    const pIn = app.alloc(4)
    const pOut = app.alloc(4)
    app.writeU32(pIn, 7)
    await app.DeviceIoControl(h, ((0x8003 << 16) | (0x801 << 2)) >>> 0, pIn, 4, pOut, 4) // the latest reading, before any append
    const vs = verifier.finish(await m.shutdown())
    verifier.dispose()
    expect(vs.map((v) => v.rule)).toEqual(['CE6-R02'])
    expect(vs[0]!.source?.[0]).toMatch(new RegExp(`^${escape(file)}:${line}:\\d+ \\(LOG_IOControl\\)$`))
    expect(formatViolation(violationRecord(vs[0]!, 's', (e) => e.type))).toContain(`source   ${file}:${line}:`)
  })
})
