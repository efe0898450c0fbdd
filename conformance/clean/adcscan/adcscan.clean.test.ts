// adcscan.dll in kernel mode (its design needs kernel-mode asynchronous buffers), on a register file standing in for
// the ADC: the generated scenarios and property suites from the descriptions (SCAN described async), and a scan
// whose samples arrive after the call returned.
import { expect } from 'vitest'
import { GENERIC_READ, GENERIC_WRITE, PAGE_READONLY, RegisterFile } from '@cedk/kernel'
import { conformance, describeDriver, inlineArray, ioctl, struct, u16, u32 } from '@cedk/conformance'
import adcscan, { CHANNELS, IOCTL_ADC_SCAN, IOCTL_ADC_WAIT, MAX_PASSES, REG_CHANNEL, SAMPLES_SIZE } from './adcscan.js'

const registry = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\AdcScan]
"Dll"="adcscan.dll"
"Prefix"="ADC"
"Index"=dword:1
"IoBase"=dword:90040000
"IoLen"=dword:20
`
const hardware = () => [{ base: 0x90040000, device: new RegisterFile(0x20, 'adc') }] as const

const ADC_SCAN_REQ = struct('ADC_SCAN_REQ', { ChannelMask: u32({ min: 1, max: 0xff }), Passes: u32({ min: 1, max: MAX_PASSES }) })
const SAMPLE = struct('SAMPLE', { Value: u16() })
const ADC_SAMPLES = struct('ADC_SAMPLES', { Count: u32(), Samples: inlineArray(SAMPLE, CHANNELS * MAX_PASSES) })

const described = [ioctl('SCAN', IOCTL_ADC_SCAN, { in: ADC_SCAN_REQ, out: ADC_SAMPLES, async: true }), ioctl('WAIT', IOCTL_ADC_WAIT)] as const

conformance(adcscan, { registry, hardware, modes: ['kernel'], ioctls: described, numRuns: 40 })

const dwords = (...v: number[]) => new Uint8Array(new Uint32Array(v).buffer)

describeDriver(adcscan, { registry, hardware, modes: ['kernel'] }, ({ test }) => {
  test('the samples arrive after the call returned; a read-only buffer fails the wait, not the call', async ({ caller, device, hardware: [adc], violations }) => {
    const regs = adc!.device as RegisterFile
    regs.write(REG_CHANNEL(0), 4, 0x123)
    regs.write(REG_CHANNEL(2), 4, 0xabc)
    const h = (await caller.CreateFile(device.name, GENERIC_READ | GENERIC_WRITE)).handle
    const req = caller.alloc(8)
    caller.write(req, dwords(0b101, 2))
    const out = caller.alloc(SAMPLES_SIZE)
    expect(await caller.DeviceIoControl(h, IOCTL_ADC_SCAN, req, 8, out, SAMPLES_SIZE)).toSucceed()
    expect(caller.readU32(out)).toBe(0) // not yet
    expect(await caller.DeviceIoControl(h, IOCTL_ADC_WAIT, 0, 0, 0, 0)).toSucceed()
    expect([...caller.read(out, 12)]).toEqual([4, 0, 0, 0, 0x23, 0x01, 0xbc, 0x0a, 0x23, 0x01, 0xbc, 0x0a])

    const readOnly = caller.alloc(SAMPLES_SIZE, PAGE_READONLY)
    expect(await caller.DeviceIoControl(h, IOCTL_ADC_SCAN, req, 8, readOnly, SAMPLES_SIZE)).toSucceed()
    expect(await caller.DeviceIoControl(h, IOCTL_ADC_WAIT, 0, 0, 0, 0)).toFailWith('ERROR_INVALID_PARAMETER')
    expect(await caller.CloseHandle(h)).toSucceed()
    expect(violations).toHaveNoViolations()
  })
})
