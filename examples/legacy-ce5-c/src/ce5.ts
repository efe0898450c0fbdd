// legacy.dll as written for CE5, in C (src/ce5/legacy.c), built by `npm run build:c` into src/ce5/legacy.wasm.
import { defineCDriver } from '@cedk/kernel'

export default defineCDriver('legacy.dll', new URL('./ce5/legacy.wasm', import.meta.url))
