// The interprocedural data flow (source/flow.ts) on small drivers: pointers through helpers, records, arrays,
// callbacks, driver state, threads and modules; path-sensitive A03; U01 on helper DLLs; --fix next to helpers.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { analyze, type AnalyzeOptions } from '../../src/index.js'

const dir = mkdtempSync(join(tmpdir(), 'cedk-flow-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const HEAD = `import { defineDriver, offset, ARG_I_PTR, ARG_IO_PTR, ARG_O_PTR, FAILED, type ParamPtr } from '@cedk/kernel'\n`

function scan(body: string, options: AnalyzeOptions = {}) {
  const file = join(dir, `f${n++}.ts`)
  writeFileSync(file, `${HEAD}export default defineDriver('x.dll', (ctx) => {\n${body}\n})\n`)
  return analyze([file], { root: dir, ...options })
}
const rules = (r: ReturnType<typeof analyze>) => r.findings.filter((f) => f.rule.startsWith('CE6-')).map((f) => `${f.rule}@${f.line}`)
const IOCTL = '(_h: number, _c: number, pIn: ParamPtr, nIn: number, pOut: ParamPtr, nOut: number)'

describe('CE6-M01 across functions', () => {
  test('an embedded pointer read by a helper the entry point hands pBufIn to, reported where it is dereferenced', () => {
    const r = scan(`function setPattern(p: ParamPtr) {
      const pal = ctx.mem.readU32(offset(p, 8))
      return ctx.mem.readU32(ctx.unsafePtr(pal))
    }
    return { IOControl: ${IOCTL} => setPattern(pIn) !== 0 }`)
    expect(rules(r)).toEqual(['CE6-M01@5'])
    expect(r.findings.find((f) => f.rule === 'CE6-M01')!.message).toContain('passed in by `setPattern(…)` at line 7')
  })

  test('the same helper called with driver memory is not reported', () => {
    const r = scan(`function first(p: number) { return ctx.mem.readU32(ctx.unsafePtr(ctx.mem.readU32(ctx.unsafePtr(p)))) }
    return { IOControl: ${IOCTL} => { const own = ctx.LocalAlloc(0, 8); const v = first(own); ctx.LocalFree(own); return v !== 0 } }`)
    expect(rules(r)).toEqual([])
  })

  test('through an array of records and a forEach callback', () => {
    const r = scan(`return { IOControl: ${IOCTL} => {
      const items = [0, 1].map((i) => ({ at: ctx.mem.readU32(offset(pIn, 4 * i)) }))
      const list = [{ at: ctx.mem.readU32(pIn) }]
      list.forEach((item) => ctx.mem.writeU32(ctx.unsafePtr(item.at), 0))
      return items.length > 0
    } }`)
    expect(rules(r)).toEqual(['CE6-M01@6'])
  })

  test('across modules: a parser in another file returns a record with the embedded pointer', () => {
    const sub = join(dir, `mod${n++}`)
    mkdirSync(sub)
    writeFileSync(join(sub, 'parse.ts'), `import type { DriverContext, ParamPtr } from '@cedk/kernel'\nexport function parse(ctx: DriverContext, p: ParamPtr) { return { data: ctx.mem.readU32(p), n: 4 } }\n`)
    writeFileSync(join(sub, 'drv.ts'), `${HEAD}import { parse } from './parse.js'\nexport default defineDriver('x.dll', (ctx) => ({ IOControl: ${IOCTL} => { const req = parse(ctx, pIn); return ctx.mem.readU32(ctx.unsafePtr(req.data)) === 0 } }))\n`)
    expect(rules(analyze([sub], { root: sub }))).toEqual(['CE6-M01@3'])
  })
})

describe('CE6-A01 across records, state and threads', () => {
  test('a request record queued by IOControl and completed by a worker thread started in Init', () => {
    const r = scan(`const queue: { out: ParamPtr }[] = []
    async function worker() { for (let q = queue.shift(); q; q = queue.shift()) ctx.mem.writeU32(q.out, 1); return 0 }
    return {
      Init: () => (ctx.CreateThread(worker, 0) ? 1 : 0),
      IOControl: ${IOCTL} => { queue.push({ out: pOut }); return true },
    }`)
    expect(rules(r).filter((x) => x.startsWith('CE6-A'))).toEqual(['CE6-A01@4'])
  })

  test('a record used by a helper during the call is not A01', () => {
    const r = scan(`function fill(req: { out: ParamPtr; n: number }) { ctx.mem.fill(req.out, req.n, 0) }
    return { IOControl: ${IOCTL} => { const req = { out: pOut, n: nOut }; fill(req); return true } }`)
    expect(rules(r)).toEqual([])
  })

  test('a thread routine helper handed the pointer parameter', () => {
    const r = scan(`async function later(p: number) { await ctx.Sleep(1); ctx.mem.writeU32(ctx.unsafePtr(p), 7); return 0 }
    return { IOControl: ${IOCTL} => ctx.CreateThread(later, pOut) !== 0 }`)
    expect(rules(r).filter((x) => x.startsWith('CE6-A'))).toEqual(['CE6-A01@3', 'CE6-A01@4'])
  })
})

describe('CE6-M03 and the descriptors', () => {
  test('a write through a buffer opened ARG_I_PTR, in a helper; ARG_IO_PTR is fine', () => {
    const body = (desc: string) => `function put(b: number) { ctx.mem.writeU32(b as never, 1) }
    return { IOControl: ${IOCTL} => {
      const src = ctx.mem.readU32(pIn)
      const { hr, ptr } = ctx.CeOpenCallerBuffer(src, 4, ${desc}, false)
      if (FAILED(hr)) return false
      put(ptr)
      ctx.CeCloseCallerBuffer(ptr, src, 4, ${desc})
      return true
    } }`
    expect(rules(scan(body('ARG_I_PTR')))).toEqual(['CE6-M03@3'])
    expect(rules(scan(body('ARG_IO_PTR')))).toEqual([])
  })
})

describe('CE6-A03 on the paths', () => {
  const release = (closeFirst: boolean) => `return { IOControl: ${IOCTL} => {
      const src = ctx.mem.readU32(pIn)
      const open = ctx.CeOpenCallerBuffer(src, 16, ARG_IO_PTR, false)
      if (FAILED(open.hr)) return false
      const as = ctx.CeAllocAsynchronousBuffer(open.ptr, 16, ARG_IO_PTR)
      if (FAILED(as.hr)) {
        ctx.CeCloseCallerBuffer(open.ptr, src, 16, ARG_IO_PTR)
        return false
      }
      ${closeFirst ? 'ctx.CeCloseCallerBuffer(open.ptr, src, 16, ARG_IO_PTR)\n      ctx.CeFreeAsynchronousBuffer(as.ptr, open.ptr, 16, ARG_IO_PTR)' : 'ctx.CeFreeAsynchronousBuffer(as.ptr, open.ptr, 16, ARG_IO_PTR)\n      ctx.CeCloseCallerBuffer(open.ptr, src, 16, ARG_IO_PTR)'}
      return true
    } }`
  test('a close on an error path that returns does not make the later free wrong', () => {
    expect(rules(scan(release(false)))).toEqual([])
  })
  test('close then free on the main path is reported', () => {
    expect(rules(scan(release(true)))).toEqual(['CE6-A03@13'])
  })
  test('a completion routine on record fields, closing through a helper first', () => {
    const r = scan(`function unmap(t: { opened: number; src: number }) { ctx.CeCloseCallerBuffer(t.opened as never, t.src, 16, ARG_IO_PTR) }
    function complete(t: { opened: number; src: number; async: number }) {
      unmap(t)
      ctx.CeFreeAsynchronousBuffer(t.async as never, t.opened as never, 16, ARG_IO_PTR)
    }
    return { Deinit: () => (complete({ opened: 0, src: 0, async: 0 }), true) }`)
    expect(rules(r)).toEqual(['CE6-A03@6'])
  })
})

describe('CE6-U01 is about code that may run in the kernel', () => {
  test('a CeCallUserProc helper DLL may show UI; the kernel driver that would show it itself may not', () => {
    const sub = join(dir, `ui${n++}`)
    mkdirSync(sub)
    writeFileSync(join(sub, 'drv.ts'), `${HEAD}export default defineDriver('mon.dll', (ctx) => ({ IOControl: async () => ctx.CeCallUserProc('monui.dll', 'Show', 0, 0, 0, 0, 0) }))\n`)
    writeFileSync(join(sub, 'ui.ts'), `${HEAD}export default defineDriver('monui.dll', (ctx) => ({ Show: () => ctx.MessageBox(0, 'x', 'y') !== 0 }))\n`)
    writeFileSync(join(sub, 'bad.ts'), `${HEAD}export default defineDriver('bad.dll', (ctx) => ({ IOControl: () => ctx.MessageBox(0, 'x', 'y') !== 0 }))\n`)
    const r = analyze([sub], { root: sub })
    expect(r.findings.map((f) => `${f.rule} ${f.file}`)).toEqual(['CE6-U01 bad.ts'])
    expect(r.readiness.map((x) => [x.file, x.verdict])).toEqual([['bad.ts', 'needs-porting'], ['drv.ts', 'ready'], ['ui.ts', 'ready']])
  })

  test('readiness counts a must-fix finding in a module the driver imports', () => {
    const sub = join(dir, `imp${n++}`)
    mkdirSync(sub)
    writeFileSync(join(sub, 'alert.ts'), `import type { DriverContext } from '@cedk/kernel'\nexport const alert = (ctx: DriverContext) => ctx.MessageBox(0, 'hot', 'x')\n`)
    writeFileSync(join(sub, 'drv.ts'), `${HEAD}import { alert } from './alert.js'\nexport default defineDriver('t.dll', (ctx) => ({ IOControl: () => alert(ctx) !== 0 }))\n`)
    const r = analyze([sub], { root: sub })
    expect(r.readiness[0]).toMatchObject({ file: 'drv.ts', verdict: 'needs-porting', blockers: [{ rule: 'CE6-U01', file: 'alert.ts' }] })
  })
})

test('--fix leaves a MapCallerPtr whose pointer a helper carries: the finding stays, not fixable', () => {
  const r = scan(`function show(p: number) { return ctx.mem.readU32(p as never) }
  return { IOControl: ${IOCTL} => {
    const p = ctx.MapCallerPtr(ctx.mem.readU32(pIn), 4)
    return show(p) !== 0
  } }`, { fix: true })
  expect(r.patches).toEqual([])
  expect(r.findings.filter((f) => f.rule.startsWith('CE6-')).map((f) => [f.rule, f.line, !!f.fixable])).toEqual([['CE6-M01', 3, false], ['CE6-M07', 5, false]])
})

describe('CE6-M06 on the paths', () => {
  const body = (early: boolean) => `return { IOControl: ${IOCTL} => {
      const src = ctx.mem.readU32(pIn)
      const { hr, ptr } = ctx.CeOpenCallerBuffer(src, 8, ARG_I_PTR, false)
      if (FAILED(hr)) return false
      const first = ctx.mem.readU32(ptr)
      if (first === 0) {
        ctx.CeCloseCallerBuffer(ptr, src, 8, ARG_I_PTR)
        ${early ? 'return false' : ''}
      }
      const second = ctx.mem.readU32(offset(ptr, 4))
      ctx.CeCloseCallerBuffer(ptr, src, 8, ARG_I_PTR)
      return second !== 0
    } }`
  test('a close on a path that returns leaves the later access alone', () => {
    expect(rules(scan(body(true)))).toEqual([])
  })
  test('a close on a path that falls through reaches the later access', () => {
    expect(rules(scan(body(false)))).toEqual(['CE6-M06@12'])
  })
})
