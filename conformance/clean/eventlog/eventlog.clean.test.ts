// eventlog.dll in both modes (its key loads it in udevice; the framework clears the flag for the kernel run).
import { conformance } from '@cedk/conformance'
import eventlog from './eventlog.js'
import { eventlogIoctls } from './eventlog-ioctls.js'

const registry = String.raw`
[HKEY_LOCAL_MACHINE\Drivers\BuiltIn\EventLog]
  "Dll"="eventlog.dll"
  "Prefix"="EVL"
  "Index"=dword:1
  "Flags"=dword:10
`

conformance(eventlog, { registry, ioctls: eventlogIoctls })
