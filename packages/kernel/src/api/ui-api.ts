// UI, CeCallUserProc and callbacks (fact sheet §2, SPEC "Decisions").
import { MarshalApi } from './marshal-api.js'

export abstract class UiApi extends MarshalApi {}
