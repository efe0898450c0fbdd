// A unified diff of two texts (line LCS; driver files are small), as `--fix` in patch mode prints it.
export function unifiedDiff(file: string, before: string, after: string, context = 3): string {
  const a = before.split('\n')
  const b = after.split('\n')
  const ops = diffLines(a, b)
  const hunks: string[] = []
  let i = 0
  while (i < ops.length) {
    if (ops[i]!.op === ' ') {
      i++
      continue
    }
    let start = Math.max(0, i - context)
    let end = i
    while (end < ops.length) {
      let next = end
      while (next < ops.length && ops[next]!.op === ' ') next++
      if (next >= ops.length || next - end > 2 * context) break
      end = next + 1
    }
    end = Math.min(ops.length, end + context)
    const slice = ops.slice(start, end)
    const aStart = slice[0]!.a
    const bStart = slice[0]!.b
    const aLen = slice.filter((o) => o.op !== '+').length
    const bLen = slice.filter((o) => o.op !== '-').length
    hunks.push(`@@ -${aStart + 1},${aLen} +${bStart + 1},${bLen} @@`, ...slice.map((o) => o.op + o.line))
    i = end
    start = end
  }
  return hunks.length === 0 ? '' : [`--- a/${file}`, `+++ b/${file}`, ...hunks].join('\n') + '\n'
}

interface Op {
  op: ' ' | '-' | '+'
  line: string
  a: number
  b: number
}

function diffLines(a: string[], b: string[]): Op[] {
  const n = a.length
  const m = b.length
  const lcs: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1))
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  const ops: Op[] = []
  let i = 0
  let j = 0
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) ops.push({ op: ' ', line: a[i]!, a: i++, b: j++ })
    else if (i < n && (j >= m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ op: '-', line: a[i]!, a: i++, b: j })
    else ops.push({ op: '+', line: b[j]!, a: i, b: j++ })
  }
  return ops
}
