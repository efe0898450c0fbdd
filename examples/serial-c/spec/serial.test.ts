// The C serial.dll on the simulated 16550, in kernel mode and in a udevice: what an application sees through
// COM1:, the serial example's own tests (examples/serial/spec/serial-behaviour.ts) run on this driver.
import serial from '../src/serial.js'
import { serialBehaviour } from '../../serial/spec/serial-behaviour.js'

serialBehaviour(serial)
