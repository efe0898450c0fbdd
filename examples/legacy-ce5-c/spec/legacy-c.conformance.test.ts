// The CE5-era driver in C under the conformance framework: the TypeScript original's spec body
// (examples/legacy-ce5/spec/legacy-spec.ts) run on the C build — in the kernel it works the CE5 way and breaks the
// CE6 rules doing it; in udevice it does not load. src/ported/legacy.c is the fix (legacy-c-ported.conformance.test.ts).
import { readFileSync } from 'node:fs'
import { legacySpec } from '../../legacy-ce5/spec/legacy-spec.js'
import legacy from '../src/ce5.js'

legacySpec(legacy, { file: 'legacy.reg', text: readFileSync(new URL('../legacy.reg', import.meta.url), 'utf8') })
