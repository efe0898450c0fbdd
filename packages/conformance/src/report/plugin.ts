// cedkPlugin(): the CedkReporter as a vitest plugin. A reporter in the config's `reporters` is dropped when the
// command line names reporters (`vitest run --reporter=dot` replaces the list), and with it the matrix, the report
// and the run-level checks — silently, with exit code 0. The plugin adds the reporter after the command line has
// been applied (vitest's configureVitest hook), unless one is already there (`cedk test` adds its own).
// vitest/config declares the configureVitest hook on Vite's Plugin type.
import type {} from 'vitest/config'
import type { Vite, VitestPluginContext } from 'vitest/node'
import { CedkReporter, type CedkReporterOptions } from './reporter.js'

export function cedkPlugin(options: CedkReporterOptions = {}): Vite.Plugin {
  return {
    name: 'cedk',
    configureVitest({ vitest }: VitestPluginContext) {
      const reporters = vitest.config.reporters
      if (reporters.some((r) => r instanceof CedkReporter)) return
      reporters.push(new CedkReporter(options))
    },
  }
}
