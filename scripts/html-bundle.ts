// `npm run html:bundle`: rebuild the HTML report's viewer bundle (packages/conformance/src/report/html/viewer-bundle.ts).
import { writeFileSync } from 'node:fs'
import { BUNDLE_FILE, bundleModule, bundleViewer } from './viewer-bundle.js'

const module = bundleModule(await bundleViewer())
writeFileSync(BUNDLE_FILE, module)
console.log(`wrote ${BUNDLE_FILE} (${module.length} bytes)`)
