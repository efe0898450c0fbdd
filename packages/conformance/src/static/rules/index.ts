import { asyncAccess } from './async-access.js'
import { asyncFreeOrder } from './async-free-order.js'
import { asyncUserMode } from './async-user-mode.js'
import { bufferRelease } from './buffer-release.js'
import { callbacks } from './callbacks.js'
import { ce5Mapping } from './ce5-mapping.js'
import { ce5Permission } from './ce5-permission.js'
import { embeddedPointer } from './embedded-pointer.js'
import { iisr } from './iisr.js'
import { inputWrite } from './input-write.js'
import { interrupts } from './interrupts.js'
import { leaks } from './leaks.js'
import { oalIoctl } from './oal-ioctl.js'
import { physicalWindow } from './physical-window.js'
import { protectedRegistry } from './protected-registry.js'
import type { StaticCheck } from './rule.js'
import { sharedState } from './shared-state.js'
import { ui } from './ui.js'
import { unsafeCast } from './unsafe-cast.js'
import { useAfterClose } from './use-after-close.js'
import { vmApi } from './vm-api.js'

export const CHECKS: readonly StaticCheck[] = [
  embeddedPointer,
  inputWrite,
  bufferRelease,
  useAfterClose,
  ce5Mapping,
  asyncAccess,
  asyncFreeOrder,
  ce5Permission,
  asyncUserMode,
  callbacks,
  physicalWindow,
  interrupts,
  iisr,
  oalIoctl,
  vmApi,
  protectedRegistry,
  ui,
  leaks,
  sharedState,
  unsafeCast,
]
