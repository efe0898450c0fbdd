// The option names vitest's CLI accepts (vitest 4.1's cliOptionsConfig, with the names and shorthands its parser
// produces). vitest's parseCLI keeps unknown options instead of refusing them; `cedk test` refuses them itself so
// that a typo is an error, not a silently ignored option. A newer vitest may add options: add them here.
export const VITEST_OPTIONS: ReadonlySet<string> = new Set([
  'root', 'r', 'config', 'c', 'update', 'u', 'watch', 'w', 'testNamePattern', 't', 'dir', 'ui', 'open', 'api', 'silent',
  'hideSkippedTests', 'reporters', 'reporter', 'outputFile', 'coverage', 'mode', 'isolate', 'globals', 'dom', 'browser',
  'pool', 'execArgv', 'vmMemoryLimit', 'fileParallelism', 'maxWorkers', 'environment', 'passWithNoTests', 'logHeapUsage',
  'detectAsyncLeaks', 'allowOnly', 'dangerouslyIgnoreUnhandledErrors', 'shard', 'changed', 'sequence', 'inspect',
  'inspectBrk', 'testTimeout', 'hookTimeout', 'bail', 'retry', 'diff', 'exclude', 'expandSnapshotDiff',
  'disableConsoleIntercept', 'typecheck', 'project', 'slowTestThreshold', 'teardownTimeout', 'cache', 'maxConcurrency',
  'expect', 'printConsoleTrace', 'includeTaskLocation', 'attachmentsDir', 'run', 'color', 'clearScreen', 'configLoader',
  'standalone', 'mergeReports', 'listTags', 'clearCache', 'tagsFilter', 'strictTags', 'experimental', 'compare',
  'outputJson', 'json', 'filesOnly', 'staticParse', 'staticParseConcurrency',
])

/** Options cedk test cannot pass on: they would keep vitest running or replace the run. */
export const REFUSED_VITEST_OPTIONS: ReadonlySet<string> = new Set(['watch', 'w', 'ui', 'open', 'standalone', 'mergeReports', 'listTags', 'clearCache', 'inspect', 'inspectBrk'])
