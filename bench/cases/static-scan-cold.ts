// The cold-start entry of static-scan: a fresh `node` runs this compiled file, which loads ts-morph and the analyzer
// and scans the directory it is given — what `cedk scan` costs from a shell.
import { analyze } from '../../packages/conformance/src/static/index.js'

const dir = process.argv[2]
if (!dir) throw new Error('usage: static-scan-cold.js <dir>')
const r = analyze([dir])
process.stdout.write(`${r.files.length} ${r.findings.length}\n`)
