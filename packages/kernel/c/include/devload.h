/* cedk's devload.h: the device manager's names for drivers: the registry value names of a driver's key, the
 * lengths of its strings and OpenDeviceKey, which opens the driver's own key from the Active key path XXX_Init
 * gets (CE6 devload.h). */
#ifndef CEDK_DEVLOAD_H
#define CEDK_DEVLOAD_H
#include "windows.h"
#include "winreg.h"

#define DEVKEY_LEN 256
#define DEVNAME_LEN 16
#define DEVDLL_LEN 64
#define DEVENTRY_LEN 64
#define DEVPREFIX_LEN 8

#define DEVLOAD_DLLNAME_VALNAME TEXT("Dll")
#define DEVLOAD_PREFIX_VALNAME TEXT("Prefix")
#define DEVLOAD_INDEX_VALNAME TEXT("Index")
#define DEVLOAD_FLAGS_VALNAME TEXT("Flags")
#define DEVLOAD_DEVKEY_VALNAME TEXT("Key")
#define DEVLOAD_IOBASE_VALNAME TEXT("IoBase")
#define DEVLOAD_IOLEN_VALNAME TEXT("IoLen")
#define DEVLOAD_MEMBASE_VALNAME TEXT("MemBase")
#define DEVLOAD_MEMLEN_VALNAME TEXT("MemLen")
#define DEVLOAD_SYSINTR_VALNAME TEXT("SysIntr")
#define DEVLOAD_IRQ_VALNAME TEXT("Irq")
#define DEVLOAD_ISRDLL_VALNAME TEXT("IsrDll")
#define DEVLOAD_ISRHANDLER_VALNAME TEXT("IsrHandler")

#define DEVFLAGS_NONE 0x00000000UL
#define DEVFLAGS_LOAD_AS_USERPROC 0x00000010UL

/* A bus driver loading its children: ActivateDeviceEx reads the key lpszDevKey (under HKLM) with the values of
 * lpReg added to the Active key, runs the child's Init, and returns its device handle (NULL on failure);
 * DeactivateDevice unloads it. Both run the child's entry points, so both may block the calling thread. */
typedef struct _REGINI {
  LPCWSTR lpszVal;
  LPBYTE pData;
  DWORD dwLen;
  DWORD dwType;
} REGINI, *LPREGINI;
CEDK_IMPORT(coredll, ActivateDeviceEx) HANDLE ActivateDeviceEx(LPCWSTR lpszDevKey, const REGINI *lpReg, DWORD cReg, LPVOID lpvParam);
CEDK_IMPORT(coredll, DeactivateDevice) BOOL DeactivateDevice(HANDLE hDevice);

/* The driver's device key (the Active key's "Key" value), opened; NULL if there is none. Close it with RegCloseKey. */
CEDK_IMPORT(coredll, OpenDeviceKey) HKEY OpenDeviceKey(LPCWSTR ActiveKey);
#endif
