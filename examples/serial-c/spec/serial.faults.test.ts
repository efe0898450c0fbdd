// The C serial.dll when the system runs out of memory (examples/serial/spec/serial-faults.ts). COM_Init allocates
// its port record first, so its second CreateEvent is the sixth fallible call (the TypeScript driver's fifth);
// InitializeCriticalSection is not a fallible call (it returns nothing to check).
import serial from '../src/serial.js'
import { serialFaults } from '../../serial/spec/serial-faults.js'

serialFaults(serial, {
  createEventRun: 'load and unload, with CreateEvent failing at serial.dll!COM_Init: CreateEvent #2 (fallible call 6, error 14)',
})
