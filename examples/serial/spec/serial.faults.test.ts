// The TypeScript serial.dll when the system runs out of memory (serial-faults.ts).
import serial from '../src/serial.js'
import { serialFaults } from './serial-faults.js'

serialFaults(serial, { createEventRun: 'load and unload, with CreateEvent failing at serial.dll!COM_Init: CreateEvent #2 (fallible call 5, error 14)' })
