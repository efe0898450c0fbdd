// npm run bench: every benchmark in one run, printed as a table and written to bench-results.json.
import { cIoctlCases } from './cases/c-ioctl.js'
import { conformanceAllCases } from './cases/conformance-all.js'
import { conformanceCases } from './cases/conformance.js'
import { hostileCases } from './cases/hostile-cases.js'
import { inferenceCases } from './cases/inference.js'
import { kernelIoctlCases } from './cases/kernel-ioctl.js'
import { marshalCases } from './cases/marshal.js'
import { staticScanCases } from './cases/static-scan.js'
import { timeToMinimalCases } from './cases/time-to-minimal.js'
import { runBenchmarks } from './harness.js'

await runBenchmarks([...kernelIoctlCases, ...cIoctlCases, ...marshalCases, ...conformanceCases, ...staticScanCases, ...hostileCases, ...inferenceCases, ...timeToMinimalCases, ...conformanceAllCases], import.meta.url)
