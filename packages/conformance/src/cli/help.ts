// `cedk --help` and `cedk <command> --help`: what each command does, its options, examples, exit codes.
export const COMMANDS = ['test', 'scan', 'report', 'merge', 'init', 'describe'] as const
export type Command = (typeof COMMANDS)[number]

const EXIT_CODES = `Exit codes:
  0  ok
  1  conformance failures (a failing cell or test, plan or expectations problem, must-fix finding, a regression)
  2  usage error (unknown option, missing or malformed file, conflicting shards)
  3  internal error in cedk (please report it with the stack)`

export const MAIN_HELP = `cedk — conformance of Windows CE 6.0 drivers, in kernel mode and in udevice, on vitest

Usage: cedk <command> [options]

Commands:
  test [paths] [vitest options…]   run the conformance specs through vitest, print the matrix, write cedk-report.json
  scan <dir>                       the static porting analyzer on driver sources
  report [report.json]             the report as a matrix, Markdown, HTML, badge, shields endpoint, SARIF, JUnit or JSON
  merge <reports…> --out <file>    the reports of the shards of one run, as one report
  init [dir]                       scaffold a spec file, a registry file and a vitest.config.ts
  describe <spec>                  the IOCTL descriptions of the spec's drivers, inferred for plain IOCTLs, as TypeScript

Run \`cedk <command> --help\` for a command's options and examples.

${EXIT_CODES}
`

const HELP: Record<Command, string> = {
  test: `Usage: cedk test [paths] [options] [vitest options…]

Runs the conformance specs (vitest test files that call conformance() or describeDriver()) through vitest's Node
API with the cedk reporter: vitest's output, then the driver × mode × rule-family matrix, and cedk-report.json.
Paths are vitest file filters (parts of test file paths); the vitest config of the current directory decides which
files are test files. Every vitest option is passed through (--shard, -t, --project, --reporter, --bail, …).

Options:
  --report-file <file>    where to write the report (default cedk-report.json; "false" for none)
  --seed <n>              the run's seed for specs that do not fix their own (default CEDK_SEED, else 1)
  --expectations <file>   the expectations file (default cedk.expect.json when it exists)
  --junit <file>          also write JUnit XML through vitest's JUnit reporter, with each conformance case's rule ids,
                          mode and verdict as properties (violation: failure; crash, hang: error; waived: skipped)
  --html[=<file>]         also write the HTML report, one self-contained page (default file cedk-report.html)
  -h, --help              this help

Examples:
  cedk test
  cedk test spec/serial.conformance.test.ts --seed 7
  cedk test -t 'in udevice mode'
  cedk test --shard=1/2 --report-file cedk-report-1.json     # on CI machine 1; then \`cedk merge\`
  cedk test --junit cedk-junit.xml
  cedk test --html

${EXIT_CODES}
`,
  scan: `Usage: cedk scan <dir> [options]

The static porting analyzer: CE5 APIs, asynchronous accesses, UI in kernel drivers, calls a udevice cannot make,
unclosed caller buffers — before anything runs. Registry files tell it the mode and windows of each driver.

Options:
  --registry <file.reg>   a registry file with the driver keys (repeatable); a malformed one is reported with file:line:col
  --format <f>            human (default), json or sarif
  --mode <m>              report (default): the findings; context: with the code around each; patch: the unified
                          diff of the safe rewrites --fix would make (nothing is written)
  --fix                   make the safe rewrites in place (only where the rewrite is provably the same behaviour;
                          elsewhere the finding stays with its suggested fix), print their diff, then scan again
                          and say, per file, which findings are gone and how many are left
  --out <file>            write there instead of standard output
  --type-check            also the rules that need the TypeScript type checker (slower)
  --into-report <file>    add the findings (after --fix: those left) to a cedk-report.json, for its SARIF
  -h, --help              this help

Examples:
  cedk scan src
  cedk scan drivers/serial --registry serial.reg
  cedk scan src --format sarif --out cedk-static.sarif
  cedk scan src --registry legacy.reg --mode patch > port.diff
  cedk scan src --registry legacy.reg --fix

${EXIT_CODES}
  (scan: 1 when a must-fix finding is found; after --fix, when one is left)
`,
  report: `Usage: cedk report [report.json] [options]

Renders a cedk-report.json (default ./cedk-report.json) for people and for CI.

Options:
  --format <f>            matrix (default, for the terminal), markdown (CI job summary), html (one self-contained
                          page with the trace timelines), badge (SVG), endpoint (shields.io endpoint JSON), sarif
                          (code scanning), junit (XML), json (the report itself)
  --baseline <old.json>   compare with an earlier report: what the change fixed and what it broke
  --out <path>            write there instead of standard output; for badge, a directory gets badge.svg and
                          badge-<dll>.svg for every driver, a path ending in .svg gets the one badge
  --driver <dll>          badge and endpoint: that driver's badge instead of the run's
  --badge-message <m>     badge and endpoint: modes ("kernel ✓ udevice ✓", default) or rules ("41/43 rules")
  -h, --help              this help

The exit code is 1 when the report failed; with --baseline, 1 only when the change broke something.

Examples:
  cedk report
  cedk report --format markdown >> "$GITHUB_STEP_SUMMARY"
  cedk report --format html --out cedk-report.html
  cedk report --format badge --out .cedk/
  cedk report --format endpoint --out .cedk/endpoint.json
  cedk report --format sarif --out cedk.sarif
  cedk report --format junit --out cedk-junit.xml
  cedk report --baseline main/cedk-report.json --format markdown

${EXIT_CODES}
`,
  merge: `Usage: cedk merge <reports…> --out <file>

Merges the reports of the shards of one run (\`cedk test --shard=i/n\` on n machines) into the report the whole
run would have written. Refused, with exit code 2: a shard missing or given twice, a spec file in two reports,
different seeds, rule tables or expectations files. A directory stands for every cedk-report*.json under it.

Options:
  --out <file>            where to write the merged report (required)
  -h, --help              this help

Examples:
  cedk merge cedk-report-1.json cedk-report-2.json --out cedk-report.json
  cedk merge shards/ --out cedk-report.json && cedk report

${EXIT_CODES}
`,
  describe: `Usage: cedk describe <spec> [options]

Prints the IOCTL description of every IOCTL each conformance() call of the spec file gives, as TypeScript to paste
into the spec: for a plain { name, code, inSize, outSize } the description inference finds by probing the driver
(embedded pointers with their length fields and directions, selectors, bounds, asynchronous calls), each field
preceded by why inference believes it; a description the spec already has is printed as it is. The same seed gives
the same descriptions. The spec runs through vitest (the vitest config of the current directory), only the
describe tests selected. docs/inference.md.

Options:
  --seed <n>              the seed of the probing machines (default: the spec's, else CEDK_SEED, else 1)
  -h, --help              this help

Examples:
  cedk describe spec/serial.conformance.test.ts
  cedk describe spec/legacy.conformance.test.ts --seed 7 > spec/legacy-ioctls.ts

${EXIT_CODES}
`,
  init: `Usage: cedk init [dir] [options]

Scaffolds conformance testing in a project (default: the current directory): a spec file, a registry file, a
vitest.config.ts with the cedk reporter and, unless --driver names yours, a small example driver. Never overwrites:
if one of the files exists, nothing is written.

Options:
  --name <name>           the driver's name (default mydriver: mydriver.dll, spec/mydriver.conformance.test.ts)
  --driver <module>       your driver module (its default export is the defineDriver(…) result), relative to dir
  -h, --help              this help

Examples:
  cedk init
  cedk init drivers/serial --name serial --driver src/serial.ts

${EXIT_CODES}
`,
}

export function commandHelp(command: Command): string {
  return HELP[command]
}

/** Print a command's help; the exit code of asking for it. */
export function help(ctx: { out: (t: string) => void }, command: Command): 0 {
  ctx.out(commandHelp(command))
  return 0
}
