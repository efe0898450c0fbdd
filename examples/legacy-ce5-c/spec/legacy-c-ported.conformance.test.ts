// The C port of legacy.dll under the conformance framework: the TypeScript port's spec body
// (examples/legacy-ce5-ported/spec/legacy-ported-spec.ts) run on the C build. The key is a user-mode one
// (legacy-ported.reg); the framework clears the flag for the kernel run.
import { readFileSync } from 'node:fs'
import { legacyPortedSpec } from '../../legacy-ce5-ported/spec/legacy-ported-spec.js'
import ported from '../src/ported.js'

legacyPortedSpec(ported, { file: 'legacy-ported.reg', text: readFileSync(new URL('../legacy-ported.reg', import.meta.url), 'utf8') })
