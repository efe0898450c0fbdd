// serial.dll: the 16550 UART driver written in C (serial.c and its files), built by `npm run build:c` into
// serial.wasm (committed).
import { defineCDriver } from '@cedk/kernel'

export default defineCDriver('serial.dll', new URL('./serial.wasm', import.meta.url))
