// The marshalling helpers (fact sheet §5–§7): CeOpenCallerBuffer and friends, and the CE5 APIs as CE6 ships them.
import { DeviceApi } from './device-api.js'

export abstract class MarshalApi extends DeviceApi {}
