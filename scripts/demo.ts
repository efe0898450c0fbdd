// `npm run conformance`, for now: the conformance framework (@cedk/conformance) does not exist yet, so the main job is
// a demonstration of the kernel. It boots a machine, activates the serial example driver from its registry file,
// talks to COM1: as an application would, and prints what the machine saw.
import { readFileSync } from 'node:fs'
import pc from 'picocolors'
import { GENERIC_READ, GENERIC_WRITE, Uart16550, createMachine, type TraceEvent } from '@cedk/kernel'
import serial from '../examples/serial/src/serial.js'
import { IOCTL_SERIAL_GET_BAUD_RATE } from '../examples/serial/src/ioctls.js'

const regFile = new URL('../examples/serial/serial.reg', import.meta.url)
const uart = new Uart16550()
const m = createMachine({
  drivers: [serial],
  registry: { file: 'examples/serial/serial.reg', text: readFileSync(regFile, 'utf8') },
  hardware: [{ base: 0x90000000, device: uart, irq: 3 }],
  seed: 1,
})

const step = (s: string) => console.log(pc.bold(pc.cyan(`\n▸ ${s}`)))
const ok = (cond: boolean, s: string) => console.log(`  ${cond ? pc.green('✓') : pc.red('✗')} ${s}`)

console.log(pc.bold('cedk — a simulated Windows CE 6.0 machine'))
console.log(pc.dim('The conformance framework is not built yet: this run demonstrates the kernel with examples/serial.'))

step('ActivateDeviceEx("Drivers\\BuiltIn\\Serial")')
const act = await m.ActivateDeviceEx('Drivers\\BuiltIn\\Serial')
ok(act.ok, `serial.dll loaded in the kernel as ${act.device?.legacyName} (${act.device?.activePath}), last error ${act.error}`)

step('terminal.exe opens COM1:, writes, reads, asks the baud rate')
const app = m.createProcess('terminal.exe')
const port = await app.CreateFile('COM1:', GENERIC_READ | GENERIC_WRITE)
ok(port.ok, `CreateFile → handle 0x${port.handle.toString(16)}`)
const text = 'hello from CE6'
const out = app.alloc(64)
app.write(out, text)
const w = await app.WriteFile(port.handle, out, text.length)
await m.advance(5)
ok(w.ok && uart.sentText() === text, `WriteFile ${w.bytes} bytes → the UART sent ${JSON.stringify(uart.sentText())}`)
uart.inject('pong')
const inBuf = app.alloc(16)
const r = await app.ReadFile(port.handle, inBuf, 16)
ok(r.ok, `ReadFile after the UART received "pong" → ${JSON.stringify(new TextDecoder().decode(app.read(inBuf, r.bytes)))}`)
const baud = await app.ioctl(port.handle, IOCTL_SERIAL_GET_BAUD_RATE, [], 4)
ok(baud.ok, `DeviceIoControl(GET_BAUD_RATE) → ${new DataView(baud.output.buffer).getUint32(0, true)}`)

step('a hostile caller: a kernel address as the output buffer')
const bad = await app.DeviceIoControl(port.handle, IOCTL_SERIAL_GET_BAUD_RATE, 0, 0, 0x80001000, 4)
ok(!bad.ok, `refused by the kernel's pointer check with ${bad.error}; the driver never ran`)
await app.CloseHandle(port.handle)

step('shutdown')
const report = await m.shutdown()
ok(report.leaks.length === 0 && report.hangs.length === 0 && !report.bugcheck, `${report.leaks.length} leaks, ${report.hangs.length} hangs, no bugcheck`)

step(`trace: ${m.trace.count} events; the driver's entry points, interrupts and faults`)
const interesting = new Set(['entry-enter', 'entry-exit', 'interrupt', 'fault', 'driver-exception', 'device-activate', 'device-deactivate'])
const lines = m.trace.events().filter((e: TraceEvent) => interesting.has(e.type))
for (const e of lines.slice(0, 40)) console.log('  ' + pc.dim(m.trace.format(e)))
if (lines.length > 40) console.log(pc.dim(`  … ${lines.length - 40} more`))
