import { defineConfig } from 'vitest/config'
import { CleanCorpusTable } from './conformance/clean-table.js'
import { cleanSpecs } from './conformance/clean-specs.js'

// One vitest run covers every package, the rule corpus and the examples. Packages are imported
// through their `source` export condition, so tests run the TypeScript sources with no build step.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    // Each test file builds its own machines and nothing is global, so files can share a worker:
    // on two cores per-file isolation costs ~0.3 s a file (SPEC "Toolchain").
    pool: 'threads',
    isolate: false,
    // A full run also checks that docs/conformance.md shows the clean corpus's results of this run (npm run corpus:doc).
    reporters: ['default', new CleanCorpusTable({ mode: 'check', expected: () => cleanSpecs(process.cwd()) })],
    projects: [
      { extends: true, test: { name: 'kernel', include: ['packages/kernel/test/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'conformance',
          include: ['packages/conformance/test/**/*.test.ts', 'conformance/**/*.test.ts'],
          // The user project the packaging test packs the packages for: its spec runs there, against the tarballs.
          exclude: ['packages/conformance/test/packaging/user-project/**', '**/node_modules/**'],
        },
      },
      { extends: true, test: { name: 'examples', include: ['examples/*/spec/**/*.test.ts'] } },
    ],
  },
})
