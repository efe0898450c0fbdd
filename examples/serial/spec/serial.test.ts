// The TypeScript serial.dll on the simulated 16550, in kernel mode and in a udevice (serial-behaviour.ts).
import serial from '../src/serial.js'
import { serialBehaviour } from './serial-behaviour.js'

serialBehaviour(serial)
