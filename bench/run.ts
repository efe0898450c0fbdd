// npm run bench: every benchmark in one run, printed as a table and written to bench-results.json.
import { kernelIoctlCases } from './cases/kernel-ioctl.js'
import { marshalCases } from './cases/marshal.js'
import { runBenchmarks } from './harness.js'

await runBenchmarks([...kernelIoctlCases, ...marshalCases], import.meta.url)
