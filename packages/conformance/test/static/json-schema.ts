// A small JSON Schema validator for the tests: the subset of draft-07 the SARIF 2.1.0 schema uses (type, enum,
// const, properties, required, additionalProperties, items, minItems, maxItems, uniqueItems, minimum, maximum,
// pattern, format, $ref into the same document, anyOf, oneOf, allOf). Annotations (title, description, default…)
// are ignored; any other keyword throws, so a schema it cannot check fully is never passed silently.
export type Schema = boolean | { readonly [keyword: string]: unknown }

type Obj = Record<string, unknown>

const ANNOTATIONS = new Set(['$schema', '$id', 'id', 'title', 'description', 'default', 'definitions', '$defs', '$comment', 'examples', 'deprecated', 'readOnly', 'writeOnly'])

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** JSON with sorted keys: equal values, equal text (for enum, const and uniqueItems). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`
  if (isObj(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`
  return JSON.stringify(v)
}

function typeOf(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  return typeof v
}

function hasType(v: unknown, t: string): boolean {
  if (t === 'integer') return Number.isInteger(v)
  if (t === 'number') return typeof v === 'number' && Number.isFinite(v)
  return typeOf(v) === t
}

/** Formats as RFC 3986 and RFC 3339 define them; formats the schema does not use are not checked. */
const FORMATS: Record<string, RegExp> = {
  uri: /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/,
  'uri-reference': /^[^\s]*$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/,
  uuid: /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/,
}

/** The schema a `$ref` names: a JSON pointer into the root document (`#/definitions/run`). */
function resolveRef(root: Schema, ref: string): Schema {
  if (!ref.startsWith('#')) throw new Error(`unsupported $ref ${ref}: only references into the same document`)
  const parts = ref.slice(1).split('/').filter(Boolean).map((p) => decodeURIComponent(p).replace(/~1/g, '/').replace(/~0/g, '~'))
  let at: unknown = root
  for (const p of parts) {
    if (!isObj(at) || !(p in at)) throw new Error(`$ref ${ref} names nothing`)
    at = at[p]
  }
  return at as Schema
}

/** Every way `value` breaks `schema`, as "path: what" lines (none: it is valid). */
export function validate(schema: Schema, value: unknown, root: Schema = schema, path = '$'): string[] {
  if (schema === true) return []
  if (schema === false) return [`${path}: no value is allowed here`]
  const out: string[] = []
  const fail = (what: string) => void out.push(`${path}: ${what}`)
  for (const [k, arg] of Object.entries(schema)) {
    if (ANNOTATIONS.has(k)) continue
    const check = KEYWORDS[k]
    if (!check) throw new Error(`unsupported JSON Schema keyword "${k}" at ${path}`)
    check({ arg, value, schema, root, path, fail, out })
  }
  return out
}

interface Ctx {
  arg: unknown
  value: unknown
  schema: Obj
  root: Schema
  path: string
  fail: (what: string) => void
  out: string[]
}

const sub = (c: Ctx, s: unknown, v: unknown, path = c.path): string[] => validate(s as Schema, v, c.root, path)
const key = (path: string, k: string): string => (/^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`)

const KEYWORDS: Record<string, (c: Ctx) => void> = {
  $ref: (c) => void c.out.push(...sub(c, resolveRef(c.root, c.arg as string), c.value)),
  type: (c) => {
    const ts = Array.isArray(c.arg) ? (c.arg as string[]) : [c.arg as string]
    if (!ts.some((t) => hasType(c.value, t))) c.fail(`must be ${ts.join(' or ')}, not ${typeOf(c.value)}`)
  },
  enum: (c) => {
    if (!(c.arg as unknown[]).some((e) => canonical(e) === canonical(c.value))) c.fail(`must be one of ${JSON.stringify(c.arg)}`)
  },
  const: (c) => {
    if (canonical(c.arg) !== canonical(c.value)) c.fail(`must be ${JSON.stringify(c.arg)}`)
  },
  properties: (c) => {
    if (!isObj(c.value)) return
    for (const [k, s] of Object.entries(c.arg as Obj)) if (k in c.value) c.out.push(...sub(c, s, c.value[k], key(c.path, k)))
  },
  required: (c) => {
    if (!isObj(c.value)) return
    for (const k of c.arg as string[]) if (!(k in c.value)) c.fail(`needs property "${k}"`)
  },
  additionalProperties: (c) => {
    if (!isObj(c.value)) return
    const known = isObj(c.schema.properties) ? c.schema.properties : {}
    for (const [k, v] of Object.entries(c.value)) {
      if (k in known) continue
      if (c.arg === false) c.fail(`property "${k}" is not allowed`)
      else c.out.push(...sub(c, c.arg, v, key(c.path, k)))
    }
  },
  items: (c) => {
    if (!Array.isArray(c.value)) return
    if (Array.isArray(c.arg)) throw new Error(`unsupported tuple "items" at ${c.path}`)
    c.value.forEach((v, i) => c.out.push(...sub(c, c.arg, v, `${c.path}[${i}]`)))
  },
  minItems: (c) => {
    if (Array.isArray(c.value) && c.value.length < (c.arg as number)) c.fail(`needs at least ${String(c.arg)} item(s)`)
  },
  maxItems: (c) => {
    if (Array.isArray(c.value) && c.value.length > (c.arg as number)) c.fail(`allows at most ${String(c.arg)} item(s)`)
  },
  uniqueItems: (c) => {
    if (c.arg !== true || !Array.isArray(c.value)) return
    const seen = new Set<string>()
    c.value.forEach((v, i) => {
      const t = canonical(v)
      if (seen.has(t)) c.fail(`item ${i} repeats an earlier item`)
      seen.add(t)
    })
  },
  minimum: (c) => {
    if (typeof c.value === 'number' && c.value < (c.arg as number)) c.fail(`must be ≥ ${String(c.arg)}`)
  },
  maximum: (c) => {
    if (typeof c.value === 'number' && c.value > (c.arg as number)) c.fail(`must be ≤ ${String(c.arg)}`)
  },
  pattern: (c) => {
    if (typeof c.value === 'string' && !new RegExp(c.arg as string, 'u').test(c.value)) c.fail(`must match /${String(c.arg)}/`)
  },
  format: (c) => {
    const re = FORMATS[c.arg as string]
    if (re && typeof c.value === 'string' && !re.test(c.value)) c.fail(`must be a ${String(c.arg)}: ${JSON.stringify(c.value)}`)
  },
  anyOf: (c) => {
    const all = (c.arg as Schema[]).map((s) => sub(c, s, c.value))
    if (!all.some((errs) => errs.length === 0)) c.fail(`matches none of anyOf: ${all.map((e) => e.join('; ')).join(' | ')}`)
  },
  oneOf: (c) => {
    const n = (c.arg as Schema[]).filter((s) => sub(c, s, c.value).length === 0).length
    if (n !== 1) c.fail(`must match exactly one of oneOf, matches ${n}`)
  },
  allOf: (c) => {
    for (const s of c.arg as Schema[]) c.out.push(...sub(c, s, c.value))
  },
}
