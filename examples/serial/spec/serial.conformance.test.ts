// The TypeScript serial.dll against the CE6 driver rules, in kernel mode and in udevice (serial-conformance.ts).
import serial from '../src/serial.js'
import { serialConformance } from './serial-conformance.js'

serialConformance(serial)
