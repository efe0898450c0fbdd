// DEVFLAGS_* values of devload.h (fact sheet §9.2) and the device-manager constants that go with them.

export const DEVFLAGS_NONE = 0x00000000
/** Unload the driver right after Init returns. */
export const DEVFLAGS_UNLOAD = 0x00000001
/** LoadLibrary instead of LoadDriver. */
export const DEVFLAGS_LOADLIBRARY = 0x00000002
/** Do not load: ActivateDeviceEx returns NULL with ERROR_SUCCESS. */
export const DEVFLAGS_NOLOAD = 0x00000004
/** Entry points are exported without the Prefix_ decoration. */
export const DEVFLAGS_NAKEDENTRIES = 0x00000008
/** Load in a user-mode host (udevice.exe) through a reflector. */
export const DEVFLAGS_LOAD_AS_USERPROC = 0x00000010
/** DeactivateDevice is refused (ERROR_ACCESS_DENIED). */
export const DEVFLAGS_NOUNLOAD = 0x00000020
export const DEVFLAGS_IRQ_EXCLUSIVE = 0x00000100
/** Load only during boot phase 1; the machine is always past it, so these are not loaded. */
export const DEVFLAGS_BOOTPHASE_1 = 0x00001000
/** Only trusted callers may open the device. */
export const DEVFLAGS_TRUSTEDCALLERONLY = 0x00010000

/** A device prefix is exactly three characters (PREFIX_CHARS, devmgrp.h). */
export const PREFIX_CHARS = 3
export const MAXDEVICEINDEX = 65535

/** GENERIC_* access bits for CreateFile. */
export const GENERIC_READ = 0x80000000
export const GENERIC_WRITE = 0x40000000
export const FILE_SHARE_READ = 0x00000001
export const FILE_SHARE_WRITE = 0x00000002
/** Added to the access code of an open through the $bus namespace (DEVACCESS_BUSNAMESPACE = FILE_WRITE_ATTRIBUTES). */
export const DEVACCESS_BUSNAMESPACE = 0x00000100
/** The IClass a driver advertises to allow opens through $bus\<BusName> (devload.h). */
export const DMCLASS_PROTECTEDBUSNAMESPACE = '{6F40791D-300E-44E4-BC38-E0E63CA8375C}'

export const INVALID_HANDLE_VALUE = 0xffffffff

/** SetFilePointer move methods. */
export const FILE_BEGIN = 0
export const FILE_CURRENT = 1
export const FILE_END = 2
