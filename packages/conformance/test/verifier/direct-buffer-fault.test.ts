// CE6-M04 on a direct caller buffer the driver faulted on: kernel mode, no ForceDuplicate, CeOpenCallerBuffer hands
// back the caller's own pointer; the copy out of it faults, the driver's handler fails the call and skips the close.
// That close would have released nothing (docs/decisions.md, "A fault in a direct caller buffer"), so it is no
// violation; a buffer left open on an ordinary error return still is.
import { ERROR_INVALID_PARAMETER, ERROR_NOT_SUPPORTED, type CallResult } from '@cedk/kernel'
import { expect, test } from 'vitest'
import { runCase, type Scenario } from '../../../../conformance/harness.js'
import gps, { IOCTL_GPS_INJECT_SENTENCE } from '../../../../conformance/detection/gps-sentence/fixed.js'
import wav, { IOCTL_WAV_SET_FORMAT } from '../../../../conformance/detection/audio-format/buggy.js'

const results: { ok: boolean; error: number }[] = []
const record = (r: CallResult): void => void results.push({ ok: r.ok, error: r.ok ? 0 : r.lastError })

/** A request { pointer, size } whose pointer is an address of the caller's nothing is committed at. */
const UNCOMMITTED = 0x60000000

test('a direct buffer the driver faulted on and never closed is no violation', async () => {
  const sentenceAtNothing: Scenario = {
    async run({ app, h }) {
      const req = app.alloc(8)
      app.writeU32(req, UNCOMMITTED)
      app.writeU32(req + 4, 16)
      record(await app.DeviceIoControl(h, IOCTL_GPS_INJECT_SENTENCE, req, 8, app.alloc(4), 4))
    },
  }
  results.length = 0
  expect(await runCase(gps, sentenceAtNothing, 'kernel')).toEqual([])
  expect(results).toEqual([{ ok: false, error: ERROR_INVALID_PARAMETER }])
})

test('a caller buffer left open on an error return, with no fault, is still CE6-M04', async () => {
  // audio-format's buggy driver opens { pFormat, cbFormat } (ForceDuplicate: a copy in kernel mode) and returns on an
  // unsupported format without closing it; a zeroed WAVEFORMATEX is unsupported.
  const zeroFormat: Scenario = {
    async run({ app, h }) {
      const fmt = app.alloc(18)
      const req = app.alloc(8)
      app.writeU32(req, fmt)
      app.writeU32(req + 4, 18)
      record(await app.DeviceIoControl(h, IOCTL_WAV_SET_FORMAT, req, 8, 0, 0))
    },
  }
  results.length = 0
  expect((await runCase(wav, zeroFormat, 'kernel')).map((v) => v.rule)).toContain('CE6-M04')
  expect(results).toEqual([{ ok: false, error: ERROR_NOT_SUPPORTED }])
})
