// An access through a raw caller value the driver cast with ctx.unsafePtr is an embedded pointer (CE6-M01) wherever
// it lands. In udevice the caller's address means nothing, and app.exe's first allocation sits at the same address
// as the reflector's alias of lpInBuf in udevice.exe: the multi-function corpus's drivers once got CE6-M03 (a write
// that faulted on the read-only alias), CE6-M05 (a record field read through the cast after the pointer list was
// read from lpInBuf) and CE6-M08 (a field past a 4-byte alias) there, where the defect is the unmarshalled pointer.
import { ERROR_INVALID_PARAMETER, offset, type ParamPtr } from '@cedk/kernel'
import { describe, expect, test } from 'vitest'
import { corpusDriver, put, runCase, u32, type Scenario } from '../../../../conformance/harness.js'
import ledBuggy from '../../../../conformance/static-flow/led-sequence/buggy.js'
import { scenario as led } from '../../../../conformance/static-flow/led-sequence/scenario.js'
import sensorBuggy from '../../../../conformance/static-flow/sensor-batch/buggy.js'
import { scenario as sensor } from '../../../../conformance/static-flow/sensor-batch/scenario.js'

const rules = async (...args: Parameters<typeof runCase>): Promise<string[]> => [...new Set((await runCase(...args)).map((v) => v.rule))].sort()

describe('a ctx.unsafePtr cast names the rule, in both modes', () => {
  test('sensor-batch: an unmarshalled array write is CE6-M01 in the kernel and in udevice (not CE6-M03)', async () => {
    expect(await rules(sensorBuggy, sensor, 'kernel')).toEqual(['CE6-M01'])
    expect(await rules(sensorBuggy, sensor, 'udevice')).toEqual(['CE6-M01'])
  })

  test('led-sequence: records read through cast pointers are CE6-M01 only (no CE6-M05, no CE6-M08)', async () => {
    expect(await rules(ledBuggy, led, 'kernel')).toEqual(['CE6-M01'])
    expect(await rules(ledBuggy, led, 'udevice')).toEqual(['CE6-M01'])
  })

  // Without a cast the same bytes keep their rules: a write through lpInBuf is CE6-M03, a second read of it CE6-M05.
  const plain = corpusDriver('plainin.dll', (ctx) => ({
    IOControl(_h: number, _code: number, pIn: ParamPtr, nIn: number) {
      if (nIn < 8) return (ctx.SetLastError(ERROR_INVALID_PARAMETER), false)
      const n = ctx.mem.readU32(offset(pIn, 4))
      ctx.mem.writeU32(pIn, n + ctx.mem.readU32(offset(pIn, 4)))
      return true
    },
  }))
  const twoWords: Scenario = {
    async run({ app, h }) {
      await app.DeviceIoControl(h, 1, put(app, [...u32(1), ...u32(2)]), 8, 0, 0)
    },
  }

  test('without a cast, a write to lpInBuf is still CE6-M03 and a second read of it CE6-M05', async () => {
    expect(await rules(plain, twoWords, 'kernel')).toEqual(['CE6-M03', 'CE6-M05'])
    expect(await rules(plain, twoWords, 'udevice')).toEqual(['CE6-M03', 'CE6-M05'])
  })
})
