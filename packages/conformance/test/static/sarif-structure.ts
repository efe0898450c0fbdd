// A structural check of what GitHub code scanning requires of SARIF 2.1.0 beyond the JSON schema (that one is
// checked in sarif-schema.test.ts, against the vendored schema). It checks the parts GitHub requires or uses for
// alerts: version and $schema; runs[].tool.driver.name and its rules' id, shortDescription, fullDescription
// and help; results' ruleId, level, message.text, physical locations with artifactLocation.uri and a 1-based
// region; partialFingerprints as a string map.
export function sarifProblems(doc: unknown): string[] {
  const problems: string[] = []
  const fail = (path: string, what: string) => problems.push(`${path}: ${what}`)
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  const text = (v: unknown, path: string) => {
    if (!obj(v) || typeof v.text !== 'string' || v.text === '') fail(path, 'needs a non-empty text')
  }
  if (!obj(doc)) return ['$: not an object']
  if (doc.version !== '2.1.0') fail('$.version', 'must be "2.1.0"')
  if (typeof doc.$schema !== 'string' || !/sarif.*2\.1\.0/i.test(doc.$schema)) fail('$.$schema', 'must name the SARIF 2.1.0 schema')
  if (!Array.isArray(doc.runs) || doc.runs.length === 0) return [...problems, '$.runs: needs at least one run']
  doc.runs.forEach((run: unknown, r) => {
    const at = `$.runs[${r}]`
    if (!obj(run) || !obj(run.tool) || !obj(run.tool.driver)) return fail(at, 'needs tool.driver')
    const driver = run.tool.driver
    if (typeof driver.name !== 'string' || driver.name === '') fail(`${at}.tool.driver.name`, 'required')
    const rules = Array.isArray(driver.rules) ? driver.rules : []
    const ids = new Set<string>()
    rules.forEach((rule: unknown, i) => {
      const rp = `${at}.tool.driver.rules[${i}]`
      if (!obj(rule) || typeof rule.id !== 'string' || rule.id === '') return fail(rp, 'needs an id')
      if (ids.has(rule.id)) fail(rp, `duplicate id ${rule.id}`)
      ids.add(rule.id)
      text(rule.shortDescription, `${rp}.shortDescription`)
      text(rule.fullDescription, `${rp}.fullDescription`)
      text(rule.help, `${rp}.help`)
      if (obj(rule.defaultConfiguration) && !['none', 'note', 'warning', 'error'].includes(rule.defaultConfiguration.level as string)) fail(`${rp}.defaultConfiguration.level`, 'not a SARIF level')
    })
    if (!Array.isArray(run.results)) return fail(`${at}.results`, 'required (may be empty)')
    run.results.forEach((res: unknown, i) => checkResult(res, `${at}.results[${i}]`, ids, rules.length, fail))
  })
  return problems
}

function checkResult(res: unknown, at: string, ids: Set<string>, ruleCount: number, fail: (p: string, w: string) => void): void {
  const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  if (!obj(res)) return fail(at, 'not an object')
  if (typeof res.ruleId !== 'string' || !ids.has(res.ruleId)) fail(`${at}.ruleId`, 'must name a rule of tool.driver.rules')
  if (res.ruleIndex !== undefined && (typeof res.ruleIndex !== 'number' || res.ruleIndex < 0 || res.ruleIndex >= ruleCount)) fail(`${at}.ruleIndex`, 'out of range')
  if (!['none', 'note', 'warning', 'error'].includes(res.level as string)) fail(`${at}.level`, 'not a SARIF level')
  if (!obj(res.message) || typeof res.message.text !== 'string' || res.message.text === '') fail(`${at}.message.text`, 'required')
  if (!Array.isArray(res.locations) || res.locations.length === 0) return fail(`${at}.locations`, 'GitHub needs at least one location')
  res.locations.forEach((loc: unknown, j) => {
    const lp = `${at}.locations[${j}].physicalLocation`
    const phys = obj(loc) ? loc.physicalLocation : undefined
    if (!obj(phys) || !obj(phys.artifactLocation) || typeof phys.artifactLocation.uri !== 'string' || phys.artifactLocation.uri === '') return fail(lp, 'needs artifactLocation.uri')
    if (/^[a-z]:|^\//i.test(phys.artifactLocation.uri) && phys.artifactLocation.uriBaseId === undefined) fail(`${lp}.artifactLocation.uri`, 'absolute paths defeat stable fingerprints')
    const region = phys.region
    if (!obj(region)) return fail(`${lp}.region`, 'required')
    for (const k of ['startLine', 'startColumn'] as const) if (!Number.isInteger(region[k]) || (region[k] as number) < 1) fail(`${lp}.region.${k}`, 'a 1-based integer')
    for (const k of ['endLine', 'endColumn'] as const) if (region[k] !== undefined && (!Number.isInteger(region[k]) || (region[k] as number) < 1)) fail(`${lp}.region.${k}`, 'a 1-based integer')
  })
  if (!obj(res.partialFingerprints) || Object.values(res.partialFingerprints).some((v) => typeof v !== 'string')) fail(`${at}.partialFingerprints`, 'a map of strings')
}
