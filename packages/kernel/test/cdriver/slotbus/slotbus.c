/* slotbus.dll: a two-slot expansion bus driver, written the way a CE6 bus driver loads its children: Init
 * activates the card driver registered for each occupied slot with ActivateDeviceEx, handing it its slot number
 * and a friendly name in the Active key (REGINI), and Deinit deactivates them. Used by the kernel's tests of C bus
 * drivers. */
#include <windows.h>
#include <devload.h>

#define IOCTL_SLOTBUS_CHILD CTL_CODE(0x8006, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define SLOTS 2

typedef struct {
  HANDLE hChild[SLOTS];
} BUS;

static BUS g_bus;

static HANDLE LoadCard(DWORD slot) {
  DWORD slotNumber = slot;
  static const WCHAR *names[SLOTS] = { TEXT("Slot A"), TEXT("Slot B") };
  REGINI regini[2];
  regini[0].lpszVal = TEXT("SlotNumber");
  regini[0].pData = (LPBYTE)&slotNumber;
  regini[0].dwLen = sizeof slotNumber;
  regini[0].dwType = REG_DWORD;
  regini[1].lpszVal = TEXT("FriendlyName");
  regini[1].pData = (LPBYTE)names[slot];
  regini[1].dwLen = (wcslen(names[slot]) + 1) * sizeof(WCHAR);
  regini[1].dwType = REG_SZ;
  return ActivateDeviceEx(TEXT("Drivers\\BuiltIn\\Card"), regini, 2, NULL);
}

CEDK_EXPORT(BUS_Init) DWORD BUS_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)pContext;
  (void)lpvBusContext;
  for (DWORD slot = 0; slot < SLOTS; slot++) g_bus.hChild[slot] = LoadCard(slot);
  return g_bus.hChild[0] != NULL && g_bus.hChild[1] != NULL ? (DWORD)&g_bus : 0;
}

CEDK_EXPORT(BUS_Deinit) BOOL BUS_Deinit(DWORD hDeviceContext) {
  BUS *bus = (BUS *)hDeviceContext;
  BOOL ok = TRUE;
  for (DWORD slot = 0; slot < SLOTS; slot++) {
    if (bus->hChild[slot] != NULL && !DeactivateDevice(bus->hChild[slot])) ok = FALSE;
    bus->hChild[slot] = NULL;
  }
  return ok;
}

CEDK_EXPORT(BUS_Open) DWORD BUS_Open(DWORD hDeviceContext, DWORD dwAccess, DWORD dwShareMode) { (void)dwAccess; (void)dwShareMode; return hDeviceContext; }
CEDK_EXPORT(BUS_Close) BOOL BUS_Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

CEDK_EXPORT(BUS_IOControl)
BOOL BUS_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  BUS *bus = (BUS *)hOpenContext;
  if (dwCode != IOCTL_SLOTBUS_CHILD || pBufIn == NULL || dwLenIn < sizeof(DWORD) || pBufOut == NULL || dwLenOut < sizeof(DWORD) || *(DWORD *)pBufIn >= SLOTS) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  *(DWORD *)pBufOut = (DWORD)bus->hChild[*(DWORD *)pBufIn];
  if (pdwActualOut) *pdwActualOut = sizeof(DWORD);
  return TRUE;
}
