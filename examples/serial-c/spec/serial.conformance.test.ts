// The C serial.dll against the CE6 driver rules, in kernel mode and in udevice: the serial example's own
// conformance spec (examples/serial/spec/serial-conformance.ts), run on this driver.
import serial from '../src/serial.js'
import { serialConformance } from '../../serial/spec/serial-conformance.js'

serialConformance(serial)
