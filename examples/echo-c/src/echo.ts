// echo.dll: the loopback driver written in C (echo.c), built by `npm run build:c` into echo.wasm (committed).
import { defineCDriver } from '@cedk/kernel'

export default defineCDriver('echo.dll', new URL('./echo.wasm', import.meta.url))
