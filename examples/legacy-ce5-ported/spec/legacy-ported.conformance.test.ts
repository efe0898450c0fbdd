// The port of legacy.dll under the conformance framework (the spec body, shared with the C build of the port, is
// legacy-ported-spec.ts).
import { readFileSync } from 'node:fs'
import ported from '../src/legacy.js'
import { legacyPortedSpec } from './legacy-ported-spec.js'

legacyPortedSpec(ported, { file: 'legacy.reg', text: readFileSync(new URL('../legacy.reg', import.meta.url), 'utf8') })
