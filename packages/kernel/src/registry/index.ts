// The registry subsystem's public names.

export {
  REG_NONE,
  REG_SZ,
  REG_EXPAND_SZ,
  REG_BINARY,
  REG_DWORD,
  REG_MULTI_SZ,
  HKEY_CLASSES_ROOT,
  HKEY_CURRENT_USER,
  HKEY_LOCAL_MACHINE,
  HKEY_USERS,
  ROOT_KEY_NAMES,
  regTypeName,
  isSupportedRegType,
  regValueProblem,
  cloneRegValue,
  regValuesEqual,
  encodeRegValue,
  decodeRegValue,
  rootKeyName,
  normalizeRegPath,
  keyNameProblem,
  valueNameProblem,
} from './values.js'
export type { RegValue } from './values.js'
export { RegKey, Registry, isProtectedKeyPath, foldName } from './registry.js'
export type { RegObjectValue } from './registry.js'
export { RegParseError, parseReg } from './reg-parser.js'
export type { RegParsedValue, RegParsedKey, RegFile } from './reg-parser.js'
export { toRegText } from './reg-writer.js'
export {
  DEFAULT_REGISTRY_TEXT,
  createDefaultRegistry,
  procGroupKeyPath,
  DRIVERS_KEY_PATH,
  BUILTIN_KEY_PATH,
  ACTIVE_KEY_PATH,
  SERVICES_KEY_PATH,
} from './default-registry.js'
export {
  MAX_DEVICE_WINDOWS,
  IRQ_UNSPECIFIED,
  SYSINTR_NOP,
  InterfaceTypeUndefined,
  readWindowInfo,
  readIsrInfo,
  parseHexList,
  wcstoul16,
} from './resources.js'
export type { DeviceWindow, WindowInfo, IsrInfo } from './resources.js'
