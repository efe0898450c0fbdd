// ledpanel.dll on a register file: the generated suite with plain sizes and with the panel record (an inline array
// of LED_STATE) described, in both modes, and a request that programs two LEDs.
import { conformance, describeDriver, enumOf, flagsOf, inlineArray, ioctl, struct, u32, u8 } from '@cedk/conformance'
import { RegisterFile } from '@cedk/kernel'
import { expect } from 'vitest'
import ledpanel, { FLAG_FADE, FLAG_INVERT, IOCTL_LED_GET, IOCTL_LED_SET, LEDS, MODE_BLINK, MODE_OFF, MODE_ON, PANEL_SIZE } from './ledpanel.js'

const registry = `
[HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn\\LedPanel]
"Dll"="ledpanel.dll"
"Prefix"="LED"
"Index"=dword:1
"MemBase"=dword:90030000
"MemLen"=dword:40
"Flags"=dword:10
"UserProcGroup"=dword:3
`
const hardware = () => [{ base: 0x90030000, device: new RegisterFile(0x40, 'leds') }]
const LED_STATE = struct('LED_STATE', {
  bMode: enumOf('u8', { OFF: MODE_OFF, ON: MODE_ON, BLINK: MODE_BLINK }),
  bBrightness: u8(),
  wFlags: flagsOf('u16', { INVERT: FLAG_INVERT, FADE: FLAG_FADE }),
})
const PANEL = struct('LED_PANEL', { dwMask: u32({ min: 0, max: 0xff }), leds: inlineArray(LED_STATE, LEDS) })

conformance(ledpanel, {
  registry,
  hardware,
  ioctls: [
    { name: 'SET', code: IOCTL_LED_SET, inSize: PANEL_SIZE, outSize: 0, input: [0x01, 0, 0, 0, MODE_ON, 200, 0, 0] },
    { name: 'GET', code: IOCTL_LED_GET, inSize: 0, outSize: PANEL_SIZE },
  ],
})

conformance(ledpanel, { registry, hardware, numRuns: 12, ioctls: [ioctl('SET', IOCTL_LED_SET, { in: PANEL }), ioctl('GET', IOCTL_LED_GET, { out: PANEL })] })

describeDriver(ledpanel, { registry, hardware }, ({ test }) => {
  test('LEDs 0 and 3 programmed, the others untouched, read back through GET', async ({ caller, device, hardware: [slot], violations }) => {
    const h = (await caller.CreateFile(device.name)).handle
    const panel = new Uint8Array(PANEL_SIZE)
    panel[0] = 0b1001
    panel.set([MODE_ON, 128, FLAG_FADE, 0], 4)
    panel.set([MODE_BLINK, 10, 0, 0], 4 + 3 * 4)
    expect(await caller.ioctl(h, IOCTL_LED_SET, panel, 0)).toSucceed()
    const regs = (slot!.device as RegisterFile).bytes
    expect([regs[0], regs[4], regs[24], regs[28]]).toEqual([MODE_ON | (FLAG_FADE << 2), 128, MODE_BLINK, 10])
    const got = await caller.ioctl(h, IOCTL_LED_GET, [], PANEL_SIZE)
    expect(got).toSucceed()
    expect([...got.output.subarray(4, 8)]).toEqual([MODE_ON, 128, FLAG_FADE, 0])
    expect(violations).toHaveNoViolations()
  })
})
