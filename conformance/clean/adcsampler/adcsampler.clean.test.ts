// adcsampler.dll on its simulated converter: the generated suite with plain sizes and with the IOCTL described, in
// both modes, and one describeDriver test reading a sample through the interrupt path.
import { conformance, describeDriver, ioctl, struct, u32 } from '@cedk/conformance'
import { expect } from 'vitest'
import { AdcDevice } from './adc-device.js'
import adcsampler, { CHANNELS, IOCTL_ADC_SAMPLE } from './adcsampler.js'

// IRQ 5: the OAL maps IRQ n to SYSINTR 16 + n, so the key's SysIntr is 0x15.
const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\AdcSampler]
"Dll"="adcsampler.dll"
"Prefix"="ADC"
"Index"=dword:1
"MemBase"=dword:90010000
"MemLen"=dword:10
"Irq"=dword:5
"SysIntr"=dword:15
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const hardware = () => [{ base: 0x90010000, device: new AdcDevice(), irq: 5 }]
const CHANNEL = struct('ADC_CHANNEL', { dwChannel: u32({ min: 0, max: CHANNELS - 1 }) })
const SAMPLE = struct('ADC_SAMPLE', { dwSample: u32() })

conformance(adcsampler, { registry, hardware, ioctls: [{ name: 'SAMPLE', code: IOCTL_ADC_SAMPLE, inSize: 4, outSize: 4, input: [3, 0, 0, 0] }] })

conformance(adcsampler, { registry, hardware, numRuns: 12, ioctls: [ioctl('SAMPLE', IOCTL_ADC_SAMPLE, { in: CHANNEL, out: SAMPLE })] })

describeDriver(adcsampler, { registry, hardware }, ({ test }) => {
  test('a sample arrives through the interrupt: channel 2, first conversion', async ({ caller, device, violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const r = await caller.ioctl(h, IOCTL_ADC_SAMPLE, [2, 0, 0, 0], 4)
    expect(r).toSucceed()
    expect(new DataView(r.output.buffer, r.output.byteOffset).getUint32(0, true)).toBe(2007)
    expect(violations).toHaveNoViolations()
  })
})
