// The rule families of SPEC "Rules", in table order. The letter is the one in the rule id (CE6-M01 …).
export const FAMILIES = [
  { id: 'marshalling', letter: 'M', title: 'Marshalling' },
  { id: 'async-buffers', letter: 'A', title: 'Asynchronous buffers' },
  { id: 'callbacks', letter: 'C', title: 'Callbacks' },
  { id: 'privileges', letter: 'P', title: 'Privileges' },
  { id: 'ui', letter: 'U', title: 'UI and embedded pointers' },
  { id: 'robustness', letter: 'R', title: 'Robustness' },
] as const

export type FamilyInfo = (typeof FAMILIES)[number]
export type Family = FamilyInfo['id']
export type FamilyLetter = FamilyInfo['letter']

export function familyInfo(family: Family): FamilyInfo {
  const info = FAMILIES.find((f) => f.id === family)
  if (!info) throw new Error(`unknown rule family ${family}`)
  return info
}
