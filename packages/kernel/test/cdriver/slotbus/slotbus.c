/* slotbus.dll: a two-slot expansion bus driver, written the way a CE6 bus driver loads its children: Init
 * activates the card driver registered for each occupied slot with ActivateDeviceEx, handing it its slot number
 * and a friendly name in the Active key (REGINI), and Deinit deactivates them. Card drivers in the bus's process
 * get its interface (a function table) with IOCTL_SLOTBUS_TABLE. Used by the kernel's tests of C bus drivers. */
#include <windows.h>
#include <devload.h>
#include <cedk_bus.h>

#define IOCTL_SLOTBUS_CHILD CTL_CODE(0x8006, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_SLOTBUS_TABLE CTL_CODE(0x8006, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define SLOTS 2

typedef struct {
  HANDLE hChild[SLOTS];
} BUS;

static BUS g_bus;
static DWORD g_dwInterface;

/* The bus interface: a card asks which slot a device handle is in (SLOTS when it is none of the bus's). */
static DWORD SlotOf(DWORD hDevice, DWORD b, DWORD c, DWORD d) {
  (void)b; (void)c; (void)d;
  for (DWORD slot = 0; slot < SLOTS; slot++)
    if ((DWORD)g_bus.hChild[slot] == hDevice) return slot;
  return SLOTS;
}

static const CEDK_FUNCTION_ENTRY s_interface[] = { { TEXT("SlotOf"), SlotOf } };

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
  g_dwInterface = CedkExportFunctionTable(s_interface, 1);
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
  if (dwCode == IOCTL_SLOTBUS_TABLE && pBufOut != NULL && dwLenOut >= sizeof(DWORD)) {
    *(DWORD *)pBufOut = g_dwInterface;
    if (pdwActualOut) *pdwActualOut = sizeof(DWORD);
    return g_dwInterface != 0;
  }
  if (dwCode != IOCTL_SLOTBUS_CHILD || pBufIn == NULL || dwLenIn < sizeof(DWORD) || pBufOut == NULL || dwLenOut < sizeof(DWORD) || *(DWORD *)pBufIn >= SLOTS) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  *(DWORD *)pBufOut = (DWORD)bus->hChild[*(DWORD *)pBufIn];
  if (pdwActualOut) *pdwActualOut = sizeof(DWORD);
  return TRUE;
}
