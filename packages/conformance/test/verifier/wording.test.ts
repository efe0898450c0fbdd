// Right rule, right words (issue 12, item 9): an overrun of a buffer parameter is CE6-M08, not an embedded pointer,
// whether it lands on the caller's page or faults on the page after; a double fetch names the buffer, the offset
// and both fetches.
import { ARG_I_PTR, ERROR_INSUFFICIENT_BUFFER, offset, type ParamPtr } from '@cedk/kernel'
import { describe, expect, test } from 'vitest'
import { corpusDriver, runCase, type Scenario } from '../../../../conformance/harness.js'
import { MODES } from '../../src/index.js'

/** Checks that lpOutBuf holds a DWORD, then fills a 12-byte STATUS (the classic overrun). */
const status = corpusDriver('status.dll', (ctx) => ({
  IOControl: (_h, _c, _pIn, _nIn, pOut: ParamPtr, nOut) => {
    if (!pOut || nOut < 4) return ctx.SetLastError(ERROR_INSUFFICIENT_BUFFER), false
    for (let i = 0; i < 3; i++) ctx.mem.writeU32(offset(pOut, 4 * i), i + 1)
    return true
  },
}))

/** A 4-byte lpOutBuf ending where its committed page ends: the second DWORD faults on the page after. */
const atPageEnd: Scenario = {
  async run({ app, h }) {
    const page = app.alloc(0x1000)
    await app.DeviceIoControl(h, 1, 0, 0, page + 0x1000 - 4, 4)
  },
}

/** A 4-byte lpOutBuf at the start of a larger allocation: the overrun lands in the caller's own bytes. */
const inPage: Scenario = {
  async run({ app, h }) {
    await app.DeviceIoControl(h, 1, 0, 0, app.alloc(64), 4)
  },
}

describe('a buffer parameter overrun is CE6-M08', () => {
  for (const mode of MODES) {
    test(`${mode}: into the caller's page`, async () => {
      const vs = await runCase(status, inPage, mode)
      expect(vs.map((v) => v.rule)).toEqual(['CE6-M08'])
      expect(vs[0]!.message).toMatch(/the buffer parameter of IOControl at 0x[0-9A-F]{8} is 4 bytes long as the caller stated it, and this access starts at its end/)
      expect(vs[0]!.fix).toMatch(/nOutBufferSize/)
    })

    test(`${mode}: faulting on the page after it`, async () => {
      const vs = await runCase(status, atPageEnd, mode)
      expect(vs.map((v) => v.rule)).toEqual(['CE6-M08'])
      expect(vs[0]!.message).toMatch(/^CE6-M08 .*: write that faulted at 0x[0-9A-F]{8}/)
    })
  }
})

/** GET_RECORD { DWORD id; DWORD reserved; DWORD cb }: validates cb, then reads it again to copy (a double fetch). */
const records = corpusDriver('records.dll', (ctx) => {
  const lengthOf = (pIn: ParamPtr): number => ctx.mem.readU32(offset(pIn, 8))
  return {
    IOControl: (_h, _c, pIn: ParamPtr, nIn, pOut: ParamPtr, nOut) => {
      if (nIn < 12 || lengthOf(pIn) > nOut) return false
      ctx.mem.fill(pOut, lengthOf(pIn), 0xab) // the second fetch
      return true
    },
  }
})

/** The same check, through an embedded pointer opened without ForceDuplicate (kernel mode: the caller's pages). */
const embedded = corpusDriver('embedded.dll', (ctx) => ({
  IOControl: (_h, _c, pIn: ParamPtr, _nIn, pOut: ParamPtr, nOut) => {
    const src = ctx.mem.readU32(pIn)
    const { ptr } = ctx.CeOpenCallerBuffer(src, 8, ARG_I_PTR, false)
    if (!ptr) return false
    const ok = ctx.mem.readU32(offset(ptr, 4)) <= nOut
    if (ok) ctx.mem.fill(pOut, ctx.mem.readU32(offset(ptr, 4)), 1)
    ctx.CeCloseCallerBuffer(ptr, src, 8, ARG_I_PTR)
    return ok
  },
}))

describe('a double fetch names the buffer, the offset and both fetches', () => {
  test('a first-level buffer', async () => {
    const scenario: Scenario = {
      async run({ app, h }) {
        const req = app.alloc(12)
        app.writeU32(req + 8, 4)
        await app.DeviceIoControl(h, 1, req, 12, app.alloc(8), 8)
      },
    }
    const [v] = await runCase(records, scenario, 'kernel')
    expect(v!.rule).toBe('CE6-M05')
    expect(v!.message).toMatch(/: the input buffer of IOControl \(12 bytes at 0x[0-9A-F]{8}\), offset 8; first fetch: event #(\d+), a read of 4 bytes at 0x[0-9A-F]{8}; second fetch: event #(\d+), this read$/)
    const d = v!.detail as { offset: number; firstFetch: number; secondFetch: number }
    expect(d.offset).toBe(8)
    expect(d.firstFetch).toBeLessThan(d.secondFetch)
    expect(d.secondFetch).toBe(v!.event!.seq)
    expect(v!.message).toContain(`first fetch: event #${d.firstFetch},`)
    expect(v!.source?.[0]).toMatch(/wording\.test\.ts:\d+:\d+ \(lengthOf\)$/)
  })

  test('a buffer CeOpenCallerBuffer returned without a copy', async () => {
    const scenario: Scenario = {
      async run({ app, h }) {
        const data = app.alloc(8)
        app.writeU32(data + 4, 4)
        const req = app.alloc(4)
        app.writeU32(req, data)
        await app.DeviceIoControl(h, 1, req, 4, app.alloc(8), 8)
      },
    }
    const [v] = await runCase(embedded, scenario, 'kernel')
    expect(v!.rule).toBe('CE6-M05')
    expect(v!.message).toMatch(/: CeOpenCallerBuffer buffer #\d+ \(8 bytes at 0x[0-9A-F]{8}, opened by embedded\.dll!TST_IOControl\), offset 4; first fetch: event #\d+/)
  })
})

describe('an embedded pointer that lies right after lpInBuf is still CE6-M01', () => {
  test('a raw caller value cast to a pointer, the data beside the request in one allocation', async () => {
    const raw = corpusDriver('raw.dll', (ctx) => ({
      IOControl: (_h, _c, pIn: ParamPtr) => (ctx.mem.readU32(ctx.unsafePtr(ctx.mem.readU32(pIn))), true),
    }))
    const adjacent: Scenario = {
      async run({ app, h }) {
        const block = app.alloc(16)
        app.writeU32(block, block + 8) // { DWORD *pData } followed by the data
        await app.DeviceIoControl(h, 1, block, 4, 0, 0)
      },
    }
    for (const mode of MODES) expect((await runCase(raw, adjacent, mode)).map((v) => v.rule), mode).toEqual(['CE6-M01'])
  })
})
