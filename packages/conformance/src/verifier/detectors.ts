// Every runtime detector, and the priority of the access rules: an access that several rules could describe is
// reported once, under the most specific rule (use after close before write-through-input before asynchronous
// access before a parameter buffer's overrun before the access-check bypass before the plain embedded pointer).
import { accessAfterCallerExit } from './rules/access-after-caller-exit.js'
import { accessCheckBypass } from './rules/access-check-bypass.js'
import { asyncAccess } from './rules/async-access.js'
import { asyncFreedAfterClose } from './rules/async-freed-after-close.js'
import { asyncNotFlushed } from './rules/async-not-flushed.js'
import { asyncNotFreed } from './rules/async-not-freed.js'
import { asyncWriteBackUserMode } from './rules/async-write-back-user-mode.js'
import { callbackUserMode } from './rules/callback-user-mode.js'
import { callerBufferNotClosed } from './rules/caller-buffer-not-closed.js'
import { ce5MappingApi } from './rules/ce5-mapping-api.js'
import { ce5PermissionApi } from './rules/ce5-permission-api.js'
import { crash } from './rules/crash.js'
import { crossProcessBus } from './rules/cross-process-bus.js'
import { directUiUserMode } from './rules/direct-ui-user-mode.js'
import { doubleFetch } from './rules/double-fetch.js'
import { embeddedPointer } from './rules/embedded-pointer.js'
import { entryException } from './rules/entry-exception.js'
import { hang } from './rules/hang.js'
import { iisr } from './rules/iisr.js'
import { isolationEscape } from './rules/isolation-escape.js'
import { inputBufferWrite } from './rules/input-buffer-write.js'
import { interruptSysIntr } from './rules/interrupt-sysintr.js'
import { kernelPointerToUserDriver } from './rules/kernel-pointer-to-user-driver.js'
import { leakedHandle, leakedMemory, leakedThread } from './rules/leaks.js'
import { oalIoctl } from './rules/oal-ioctl.js'
import { parameterOverrun } from './rules/parameter-overrun.js'
import { physicalMapping } from './rules/physical-mapping.js'
import { protectedRegistry } from './rules/protected-registry.js'
import { uiInKernel } from './rules/ui-in-kernel.js'
import { useAfterClose } from './rules/use-after-close.js'
import { userProcPointer } from './rules/user-proc-pointer.js'
import { vmApi } from './rules/vm-api.js'
import type { Detector } from './types.js'

/** The access rules, most specific first. */
export const ACCESS_ORDER: readonly Detector[] = [
  useAfterClose,
  userProcPointer,
  inputBufferWrite,
  accessAfterCallerExit,
  asyncWriteBackUserMode,
  asyncAccess,
  parameterOverrun,
  accessCheckBypass,
  embeddedPointer,
]

export const DETECTORS: readonly Detector[] = [
  embeddedPointer,
  accessCheckBypass,
  inputBufferWrite,
  callerBufferNotClosed,
  doubleFetch,
  useAfterClose,
  ce5MappingApi,
  parameterOverrun,
  asyncAccess,
  asyncNotFreed,
  asyncFreedAfterClose,
  asyncNotFlushed,
  ce5PermissionApi,
  asyncWriteBackUserMode,
  accessAfterCallerExit,
  callbackUserMode,
  crossProcessBus,
  physicalMapping,
  interruptSysIntr,
  iisr,
  oalIoctl,
  vmApi,
  isolationEscape,
  protectedRegistry,
  uiInKernel,
  directUiUserMode,
  userProcPointer,
  kernelPointerToUserDriver,
  crash,
  entryException,
  leakedHandle,
  leakedMemory,
  leakedThread,
  hang,
]

/** The rule ids the runtime verifier detects. */
export const RUNTIME_RULES = DETECTORS.map((d) => d.rule)
