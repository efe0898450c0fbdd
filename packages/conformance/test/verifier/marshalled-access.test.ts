// Correct marshalling is not a violation, whoever chose the addresses: each case is a clean-corpus driver doing what
// CE6 asks on a caller's hostile or odd request, which the verifier once reported (issue 12, items 1–3); beside each,
// the driver that does break the rule still does.
import { ARG_I_PTR, ERROR_INVALID_PARAMETER, MEM_COMMIT, MEM_RESERVE, PAGE_READWRITE, offset, type CallResult, type ParamPtr } from '@cedk/kernel'
import { describe, expect, test } from 'vitest'
import { corpusDriver, runCase, type Scenario, type ScenarioContext } from '../../../../conformance/harness.js'
import checksum from '../../../../conformance/clean/checksum/checksum.js'
import { IOCTL_CKS_DIGEST } from '../../../../conformance/clean/checksum/checksum-ioctls.js'
import eventlog from '../../../../conformance/clean/eventlog/eventlog.js'
import { IOCTL_EVLOG_APPEND } from '../../../../conformance/clean/eventlog/eventlog-ioctls.js'
import framegrab from '../../../../conformance/clean/framegrab/framegrab.js'
import { IOCTL_FG_GET_FRAME, IOCTL_FG_START } from '../../../../conformance/clean/framegrab/framegrab-ioctls.js'
import violatesU04 from '../../../../conformance/rules/CE6-U04/violates.js'
import { scenario as u04 } from '../../../../conformance/rules/CE6-U04/scenario.js'

/** What each call of a scenario returned (the scenarios below check the driver's answers, not only the verdict). */
const results: { ok: boolean; error: number }[] = []
const record = (r: CallResult): void => void results.push({ ok: r.ok, error: r.ok ? 0 : r.lastError })

/** Run `scenario` on checksum.dll in both modes: no violation, and both calls succeed. */
async function checksumKeepsTheRules(scenario: Scenario): Promise<void> {
  results.length = 0
  for (const mode of ['kernel', 'udevice'] as const) expect(await runCase(checksum, scenario, mode)).toEqual([])
  expect(results).toEqual([
    { ok: true, error: 0 },
    { ok: true, error: 0 },
  ])
}

/** checksum's DIGEST on a request record at `req` { pData, cbData, pDigest, cbDigest }. */
async function digest(app: ScenarioContext['app'], h: number, req: number, fields: readonly number[]): Promise<void> {
  fields.forEach((v, i) => app.writeU32(req + 4 * i, v))
  record(await app.DeviceIoControl(h, IOCTL_CKS_DIGEST, req, 16, 0, 0))
}

describe('CE6-U04 needs a kernel-mode sender', () => {
  // app.exe puts a kernel address in APPEND's text pointer; the udevice driver's CeOpenCallerBuffer fails with
  // E_ACCESSDENIED and the driver answers ERROR_INVALID_PARAMETER.
  const kernelTextFromApp: Scenario = {
    async run({ app, h }) {
      const req = app.alloc(12)
      app.writeU32(req, 0x80001000)
      app.writeU32(req + 4, 8)
      app.writeU32(req + 8, 1)
      record(await app.DeviceIoControl(h, IOCTL_EVLOG_APPEND, req, 12, app.alloc(4), 4))
    },
  }

  test('an application kernel address refused by a user-mode driver is no violation', async () => {
    results.length = 0
    expect(await runCase(eventlog, kernelTextFromApp, 'udevice')).toEqual([])
    expect(results).toEqual([{ ok: false, error: ERROR_INVALID_PARAMETER }])
  })

  test('a kernel-mode driver sending its own address is still CE6-U04, in both modes', async () => {
    for (const mode of ['kernel', 'udevice'] as const) expect((await runCase(violatesU04, u04, mode)).map((v) => v.rule)).toEqual(['CE6-U04'])
  })
})

describe('an access through an open marshalled buffer belongs to it, faulting or not', () => {
  // A frame buffer of two reserved pages, the second never committed: framegrab opens it without ForceDuplicate
  // (kernel mode gives the caller's pointer back), the row loop faults on the second page, the driver catches it.
  const uncommittedTail: Scenario = {
    async run({ app, h }) {
      record(await app.DeviceIoControl(h, IOCTL_FG_START, app.alloc(4), 4, 0, 0))
      const frame = app.VirtualAlloc(0, 0x2000, MEM_RESERVE, PAGE_READWRITE)
      app.VirtualAlloc(frame, 0x1000, MEM_COMMIT, PAGE_READWRITE)
      const req = app.alloc(8)
      app.writeU32(req, frame)
      app.writeU32(req + 4, 0x2000)
      record(await app.DeviceIoControl(h, IOCTL_FG_GET_FRAME, req, 8, app.alloc(8), 8))
    },
  }

  test('a fault inside the caller pointer CeOpenCallerBuffer returned, caught by the driver, is no CE6-M01', async () => {
    results.length = 0
    expect(await runCase(framegrab, uncommittedTail, 'kernel')).toEqual([])
    expect(results).toEqual([
      { ok: true, error: 0 },
      { ok: false, error: ERROR_INVALID_PARAMETER },
    ])
  })

  test('the same fault through a pointer the driver never opened is still CE6-M01', async () => {
    // The CE5 way: the embedded pointer used as it came, no CeOpenCallerBuffer.
    const unmarshalled = corpusDriver('raw-frame.dll', (ctx) => ({
      IOControl: (_h, code, pIn: ParamPtr) => {
        if (code !== IOCTL_FG_GET_FRAME) return true
        const frame = ctx.unsafePtr(ctx.mem.readU32(pIn))
        ctx.mem.fill(frame, ctx.mem.readU32(offset(pIn, 4)), 0x11)
        return true
      },
    }))
    expect((await runCase(unmarshalled, uncommittedTail, 'kernel')).map((v) => v.rule)).toContain('CE6-M01')
  })
})

describe('CE6-M03: the descriptor the driver opened decides', () => {
  // The digest pointer aimed at the request record itself (lpInBuf): kernel mode without ForceDuplicate writes the
  // digest through the ARG_O_PTR buffer, onto bytes that are also lpInBuf's.
  const digestIntoRequest: Scenario = {
    async run({ app, h }) {
      const data = app.alloc(8)
      app.write(data, 'firmware')
      const req = app.alloc(16)
      await digest(app, h, req, [data, 8, req, 16])
    },
  }

  test('a write through an ARG_O_PTR buffer the caller aimed into lpInBuf is no CE6-M03', () => checksumKeepsTheRules(digestIntoRequest))

  test('the same write through a buffer opened ARG_I_PTR is CE6-M03', async () => {
    const wrongDescriptor = corpusDriver('in-digest.dll', (ctx) => ({
      IOControl: (_h, _code, pIn: ParamPtr) => {
        const pDigest = ctx.mem.readU32(offset(pIn, 8))
        const { ptr } = ctx.CeOpenCallerBuffer(pDigest, 16, ARG_I_PTR, false)
        if (!ptr) return false
        ctx.mem.fill(ptr, 16, 0)
        ctx.CeCloseCallerBuffer(ptr, pDigest, 16, ARG_I_PTR)
        return true
      },
    }))
    expect((await runCase(wrongDescriptor, digestIntoRequest, 'kernel')).map((v) => v.rule)).toEqual(['CE6-M03'])
  })
})

describe('CE6-M05: a second fetch is one through the same pointer', () => {
  // The data pointer aimed at the request record itself: checksum reads the record's four fields, then the data
  // through the ARG_I_PTR buffer it opened — the same bytes, but a request and then its data, not one value twice.
  const dataIsRequest: Scenario = {
    async run({ app, h }) {
      const req = app.alloc(32)
      await digest(app, h, req, [req, 16, req + 16, 16])
    },
  }

  test('reading the request, then data the caller aimed at the request, is no double fetch', () => checksumKeepsTheRules(dataIsRequest))

  test('a field read twice through an embedded pointer opened twice on the same address is still CE6-M05', async () => {
    const reopens = corpusDriver('reopen.dll', (ctx) => {
      const field = (raw: number): number => {
        const { ptr } = ctx.CeOpenCallerBuffer(raw, 8, ARG_I_PTR, false)
        if (!ptr) return 0
        const v = ctx.mem.readU32(offset(ptr, 4))
        ctx.CeCloseCallerBuffer(ptr, raw, 8, ARG_I_PTR)
        return v
      }
      return {
        IOControl: (_h, _code, pIn: ParamPtr) => {
          const raw = ctx.mem.readU32(pIn)
          return field(raw) <= 64 && field(raw) > 0 // checked, then fetched again to use
        },
      }
    })
    expect((await runCase(reopens, dataIsRequest, 'kernel')).map((v) => v.rule)).toEqual(['CE6-M05'])
  })
})
