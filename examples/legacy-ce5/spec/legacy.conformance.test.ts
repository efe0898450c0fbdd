// The CE5-era driver under the conformance framework (the spec body, shared with the C build of the driver, is
// legacy-spec.ts). examples/legacy-ce5-ported is the fix; its README shows both matrices.
import { readFileSync } from 'node:fs'
import legacy from '../src/legacy.js'
import { legacySpec } from './legacy-spec.js'

legacySpec(legacy, { file: 'legacy.reg', text: readFileSync(new URL('../legacy.reg', import.meta.url), 'utf8') })
