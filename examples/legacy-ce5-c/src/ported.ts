// legacy.dll ported to CE6, in C (src/ported/legacy.c), built by `npm run build:c` into src/ported/legacy.wasm.
import { defineCDriver } from '@cedk/kernel'

export default defineCDriver('legacy.dll', new URL('./ported/legacy.wasm', import.meta.url))
