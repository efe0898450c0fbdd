// The generators: valid calls really are valid (every pointer a real caller allocation of the right size and
// access, every constraint kept, the serial driver accepts them all), and each hostile class is generated and
// shrinks to its simplest case.
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { createMachine, Uart16550 } from '@cedk/kernel'
import { buffer, decode, embeddedPointers, execute, hostileCall, keeps, placeCall, POINTER_CLASSES, programArb, ptr, struct, u32, validCall, ioctl, type CallPlan, type Program } from '@cedk/conformance'
import serial from '../../../../examples/serial/src/serial.js'
import { serialIoctls } from '../../../../examples/serial/src/descriptions.js'

const registry = { file: 'serial.reg', text: readFileSync(new URL('../../../../examples/serial/serial.reg', import.meta.url), 'utf8') }
const hardware = () => [{ base: 0x90000000, device: new Uart16550(), irq: 3 }]

const ITEM = struct('ITEM', { id: u32({ min: 1, max: 9 }) })
const REQ = struct('REQ', { pData: ptr(buffer(32), { dir: 'in', len: 'cb' }), cb: u32(), pResult: ptr(ITEM, { dir: 'out' }) })
const NESTED = [ioctl('SUBMIT', 0x222100, { in: REQ, out: ITEM })] as const

describe('valid calls are valid', () => {
  test('every embedded pointer is a committed caller allocation of its stated size; out pointers are writable', () => {
    const m = createMachine({})
    const app = m.createProcess('app.exe')
    fc.assert(
      fc.property(validCall(NESTED), (call) => {
        const placed = placeCall(app, NESTED[0], call)
        const v = decode(REQ, app.read(placed.pIn, placed.nIn))
        expect(app.read(v.pData, v.cb)).toHaveLength(v.cb) // readable, all of it
        app.write(v.pResult, app.read(v.pResult, ITEM.size)) // writable
        expect(keeps(ITEM.fields.id, decode(ITEM, app.read(v.pResult, ITEM.size)).id)).toBe(true)
        expect(placed.pointers.map((p) => p.kind)).toEqual(['valid', 'valid'])
      }),
      { numRuns: 50 },
    )
  })

  test('serial.dll accepts every valid call in both modes', async () => {
    await fc.assert(
      fc.asyncProperty(programArb(serialIoctls, { maxSteps: 4 }), async (p: Program) => {
        for (const mode of ['kernel', 'udevice'] as const) {
          const x = await execute({ driver: serial, registry, hardware }, serialIoctls, p, mode, 1)
          for (const o of x.outcomes) expect(o.result?.ok, `${o.ioctl} in ${mode}: ${o.result?.error}`).toBe(true)
        }
      }),
      { numRuns: 15 },
    )
  })
})

describe('hostile classes', () => {
  test('the nested description has its embedded pointers by path', () => {
    expect(embeddedPointers(REQ).map((e) => e.path)).toEqual(['pData', 'pResult'])
  })

  for (const kind of POINTER_CLASSES) {
    test(`${kind}: generated, and shrinks to its simplest case`, () => {
      const arb = hostileCall(NESTED, kind)
      const kinds = (c: { inBuf: { kind: string }; outBuf: { kind: string }; input?: Record<string, unknown> }) =>
        [c.inBuf.kind, c.outBuf.kind, ...['pData', 'pResult'].map((k) => (c.input?.[k] as { kind: string } | undefined)?.kind)].filter((k) => k && k !== 'valid')
      expect(fc.sample(arb, { seed: 7, numRuns: 20 }).every((c) => kinds(c).includes(kind))).toBe(true)
      const r = fc.check(fc.property(arb, () => false), { seed: 7 })
      const shrunk = r.counterexample![0] as CallPlan
      expect(kinds(shrunk)).toEqual([kind])
      const n = [shrunk.inBuf, shrunk.outBuf].find((b) => b.kind === kind)?.n ?? (Object.values(shrunk.input ?? {}).find((x) => (x as { kind?: string })?.kind === kind) as { n: number }).n
      expect(n).toBeLessThanOrEqual(1)
    })
  }
})
