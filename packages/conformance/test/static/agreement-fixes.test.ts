// Two analyzer findings the agreement run over the detection corpus corrected (npm run static:agreement): an
// asynchronous buffer copied into a worker's job record and freed by the function that made it is freed (hash-offload's
// fixed twin got a must-fix CE6-A02), and a handle Open makes for the open, released only in Deinit, leaks at every
// Close (keypad-open's CE6-R03 was missed).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { analyze } from '../../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'cedk-agree-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const HEAD = `import { defineDriver, offset, ARG_I_PTR, FAILED, type ParamPtr } from '@cedk/kernel'\n`

function rules(body: string): string[] {
  const file = join(dir, `f${n++}.ts`)
  writeFileSync(file, `${HEAD}export default defineDriver('x.dll', (ctx) => {\n${body}\n})\n`)
  return analyze([file], { root: dir }).findings.filter((f) => f.rule.startsWith('CE6-')).map((f) => `${f.rule}@${f.line}`)
}
const IOCTL = '(_h: number, _c: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number)'

const job = (free: string) => `const jobs: { data: number; cb: number }[] = []
  async function hash(pIn: ParamPtr) {
    const raw = ctx.mem.readU32(pIn)
    const block = ctx.CeOpenCallerBuffer(raw, 16, ARG_I_PTR, false)
    if (FAILED(block.hr)) return false
    const async = ctx.CeAllocAsynchronousBuffer(block.ptr, 16, ARG_I_PTR)
    if (FAILED(async.hr)) { ctx.CeCloseCallerBuffer(block.ptr, raw, 16, ARG_I_PTR); return false }
    const j = { data: async.ptr, cb: 16 }
    jobs.push(j)
    await ctx.Sleep(1)
    ${free}
    ctx.CeCloseCallerBuffer(block.ptr, raw, 16, ARG_I_PTR)
    return true
  }
  return { IOControl: async ${IOCTL} => hash(pIn) }`

describe('CE6-A02: an asynchronous buffer in a job record', () => {
  test('freed through its own name by the function that made it: no finding', () => {
    expect(rules(job('ctx.CeFreeAsynchronousBuffer(async.ptr, block.ptr, 16, ARG_I_PTR)'))).toEqual([])
  })

  test('never freed: still CE6-A02 where it is made', () => {
    expect(rules(job(''))).toEqual(['CE6-A02@8'])
  })
})

const keypad = (close: string) => `const opens = new Map<number, { hReady: number }>()
  let next = 1
  return {
    Init: () => 1,
    Deinit: () => { for (const o of opens.values()) ctx.CloseHandle(o.hReady); return true },
    Open: () => {
      const hReady = ctx.CreateEvent(true, false)
      if (!hReady) return 0
      opens.set(next, { hReady })
      return next++
    },
    Close: (h: number) => { ${close} return opens.delete(h) },
  }`

describe('CE6-R03: a handle made per open', () => {
  test('released only in Deinit: CE6-R03 at its creation in Open', () => {
    expect(rules(keypad(''))).toEqual(['CE6-R03@9'])
  })

  test('released in Close: no finding', () => {
    expect(rules(keypad('const o = opens.get(h); if (o) ctx.CloseHandle(o.hReady);'))).toEqual([])
  })

  test('a device-wide handle Open makes once, in the driver state, released in Deinit: no finding', () => {
    expect(
      rules(`let hShared = 0
  return {
    Init: () => 1,
    Deinit: () => { if (hShared) ctx.CloseHandle(hShared); return true },
    Open: () => { if (!hShared) hShared = ctx.CreateEvent(true, false); return hShared ? 1 : 0 },
    Close: () => true,
  }`),
    ).toEqual([])
  })
})
