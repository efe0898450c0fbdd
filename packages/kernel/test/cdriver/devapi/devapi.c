/* devapi.dll: a test driver for the device-side C API set. Each IOCTL runs one area the way a CE6 driver calls it
 * (its own device key opened in Init, the resources read with DDKReg_*, interrupts, KernelIoControl, port and
 * register buffers, debug output and the string library) on what the test sends, and returns what the APIs gave. */
#define DEBUG
#include <windows.h>
#include <ceddk.h>
#include <devload.h>
#include <pkfuncs.h>
#include <strsafe.h>

#define DEVAPI_IOCTL(n) CTL_CODE(0x8003UL, 0x900 + (n), METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_DEVAPI_REG_QUERY DEVAPI_IOCTL(0)
#define IOCTL_DEVAPI_REG_SET DEVAPI_IOCTL(1)
#define IOCTL_DEVAPI_REG_CREATE DEVAPI_IOCTL(2)
#define IOCTL_DEVAPI_REG_OPEN DEVAPI_IOCTL(3)
#define IOCTL_DEVAPI_RESOURCES DEVAPI_IOCTL(4)
#define IOCTL_DEVAPI_INTERRUPT DEVAPI_IOCTL(5)
#define IOCTL_DEVAPI_OAL DEVAPI_IOCTL(6)
#define IOCTL_DEVAPI_PORTS DEVAPI_IOCTL(7)
#define IOCTL_DEVAPI_PRINT DEVAPI_IOCTL(8)
#define IOCTL_DEVAPI_STRINGS DEVAPI_IOCTL(9)
#define IOCTL_DEVAPI_MEMORY DEVAPI_IOCTL(10)

#define ZONE_INIT DEBUGZONE(0)
#define ZONE_IOCTL DEBUGZONE(1)
#define ZONE_VERBOSE DEBUGZONE(2)

DBGPARAM dpCurSettings = {
    TEXT("DEVAPI"),
    {TEXT("Init"), TEXT("IOCtl"), TEXT("Verbose"), TEXT(""), TEXT(""), TEXT(""), TEXT(""), TEXT(""), TEXT(""),
     TEXT(""), TEXT(""), TEXT(""), TEXT(""), TEXT(""), TEXT(""), TEXT("")},
    0x0003,
};

typedef struct _DEVICE_CONTEXT {
  HKEY hDeviceKey;
  HANDLE hIstEvent;
  DWORD dwOpens;
} DEVICE_CONTEXT;

static DEVICE_CONTEXT g_Device;

/* Requests and replies, as the test lays them out. */
typedef struct { DWORD hKey; DWORD cbData; DWORD fNoType; WCHAR szName[32]; } REG_QUERY_REQ;
typedef struct { DWORD dwError; DWORD dwType; DWORD cbData; BYTE Data[128]; } REG_QUERY_REPLY;
typedef struct { DWORD dwType; DWORD cbData; WCHAR szName[32]; BYTE Data[64]; } REG_SET_REQ;
typedef struct { DWORD hRoot; WCHAR szPath[96]; } REG_OPEN_REQ;
typedef struct { DWORD dwError; DWORD dwDisposition; DWORD dwSetError; DWORD dwCloseError; } REG_KEY_REPLY;
typedef struct { DWORD cbWindowInfo; DWORD cbIsrInfo; } RESOURCES_REQ;
typedef struct { DWORD dwWindowError; DDKWINDOWINFO Windows; DWORD dwIsrError; DDKISRINFO Isr; } RESOURCES_REPLY;
typedef struct { DWORD dwOp; DWORD dwSysIntr; DWORD hEvent; DWORD dwArg; } INTERRUPT_REQ;
typedef struct { DWORD fOk; DWORD dwError; } STATUS_REPLY;
typedef struct { DWORD dwCode; DWORD nIn; DWORD nOut; DWORD In[4]; } OAL_REQ;
typedef struct { DWORD fOk; DWORD dwError; DWORD dwReturned; DWORD Out[16]; } OAL_REPLY;
typedef struct { DWORD dwOp; DWORD dwAddress; DWORD dwCount; BYTE Data[16]; } PORTS_REQ;
typedef struct { DWORD dwValue; BYTE Data[16]; } PORTS_REPLY;
typedef struct { LONG lValue; DWORD dwValue; WCHAR szName[16]; CHAR szTag[8]; } PRINT_REQ;
typedef struct { int cchPrinted; HRESULT hrFits; HRESULT hrCut; int cchCut; WCHAR szPrinted[64]; WCHAR szFits[16]; WCHAR szCut[8]; } PRINT_REPLY;
typedef struct { DWORD dwOp; DWORD dwArg0; DWORD dwArg1; DWORD dwArg2; } MEMORY_REQ;
typedef struct { DWORD fOk; DWORD dwError; DWORD dwValue; DWORD dwValue2; } MEMORY_REPLY;
typedef struct { CHAR szA[16]; CHAR szB[16]; WCHAR wszA[16]; WCHAR wszB[16]; } STRINGS_REQ;
typedef struct {
  int Cmp[8];
  DWORD Len[4];
  CHAR szJoined[40];
  WCHAR wszJoined[40];
  WCHAR wszPadded[8];
  HRESULT hrCopy;
  WCHAR wszCopy[6];
} STRINGS_REPLY;

static BOOL Reply(PDWORD pdwActualOut, DWORD cb) {
  if (pdwActualOut != NULL) *pdwActualOut = cb;
  return TRUE;
}

static HKEY KeyOf(DWORD hKey) {
  return hKey == 0 ? g_Device.hDeviceKey : (HKEY)hKey;
}

static BOOL QueryValue(const REG_QUERY_REQ *pReq, REG_QUERY_REPLY *pReply) {
  DWORD cb = pReq->cbData;
  LPBYTE pData = pReq->cbData == 0xFFFFFFFFUL ? NULL : pReply->Data;
  if (pData != NULL && cb > sizeof(pReply->Data)) cb = sizeof(pReply->Data);
  pReply->dwType = 0xDEAD;
  pReply->dwError = RegQueryValueEx(KeyOf(pReq->hKey), pReq->szName, NULL, pReq->fNoType ? NULL : &pReply->dwType,
                                    pData, &cb);
  pReply->cbData = cb;
  DEBUGMSG(ZONE_VERBOSE, (TEXT("DEVAPI: query %s -> %u\r\n"), pReq->szName, pReply->dwError));
  return TRUE;
}

static BOOL CreateSubKey(const WCHAR *pszSubKey, REG_KEY_REPLY *pReply) {
  HKEY hSub = NULL;
  DWORD dwStamp = 0x5eed;
  pReply->dwError = RegCreateKeyEx(g_Device.hDeviceKey, pszSubKey, 0, NULL, REG_OPTION_NON_VOLATILE, KEY_ALL_ACCESS,
                                   NULL, &hSub, &pReply->dwDisposition);
  if (pReply->dwError != ERROR_SUCCESS) return TRUE;
  pReply->dwSetError = RegSetValueEx(hSub, TEXT("Stamp"), 0, REG_DWORD, (const BYTE *)&dwStamp, sizeof(dwStamp));
  pReply->dwCloseError = RegCloseKey(hSub);
  return TRUE;
}

/* Open a key by path from a root, check it has a Dll value, close it. */
static BOOL OpenPath(const REG_OPEN_REQ *pReq, REG_KEY_REPLY *pReply) {
  HKEY hKey = (HKEY)0x1234;
  WCHAR szDll[DEVDLL_LEN];
  DWORD cb = sizeof(szDll);
  pReply->dwError = RegOpenKeyEx((HKEY)pReq->hRoot, pReq->szPath, 0, KEY_READ, &hKey);
  pReply->dwDisposition = (DWORD)hKey;
  if (pReply->dwError != ERROR_SUCCESS) return TRUE;
  pReply->dwSetError = RegQueryValueEx(hKey, DEVLOAD_DLLNAME_VALNAME, NULL, NULL, (LPBYTE)szDll, &cb);
  pReply->dwCloseError = RegCloseKey(hKey);
  return TRUE;
}

static BOOL ReadResources(const RESOURCES_REQ *pReq, RESOURCES_REPLY *pReply) {
  pReply->Windows.cbSize = pReq->cbWindowInfo;
  pReply->dwWindowError = DDKReg_GetWindowInfo(g_Device.hDeviceKey, &pReply->Windows);
  pReply->Isr.cbSize = pReq->cbIsrInfo;
  pReply->dwIsrError = DDKReg_GetIsrInfo(g_Device.hDeviceKey, &pReply->Isr);
  return TRUE;
}

/* The IST's event: made here when the request names none (hEvent 0), else the handle the test sends. */
static HANDLE IstEvent(DWORD hEvent) {
  if (hEvent != 0) return (HANDLE)hEvent;
  if (g_Device.hIstEvent == NULL) g_Device.hIstEvent = CreateEvent(NULL, FALSE, FALSE, NULL);
  return g_Device.hIstEvent;
}

static BOOL Interrupt(const INTERRUPT_REQ *pReq, STATUS_REPLY *pReply) {
  BOOL fOk = TRUE;
  HANDLE hEvent = IstEvent(pReq->hEvent);
  SetLastError(0);
  switch (pReq->dwOp) {
  case 1: fOk = InterruptInitialize(pReq->dwSysIntr, hEvent, NULL, 0); break;
  case 2: InterruptDone(pReq->dwSysIntr); break;
  case 3: InterruptDisable(pReq->dwSysIntr); break;
  case 4: InterruptMask(pReq->dwSysIntr, pReq->dwArg); break;
  case 5: {
    /* Ask the OAL for the SYSINTR of an IRQ, the way CE6 BSP drivers do, then bind it. */
    DWORD dwIrq = pReq->dwArg, dwSysIntr = SYSINTR_UNDEFINED;
    fOk = KernelIoControl(IOCTL_HAL_REQUEST_SYSINTR, &dwIrq, sizeof(dwIrq), &dwSysIntr, sizeof(dwSysIntr), NULL) &&
          InterruptInitialize(dwSysIntr, hEvent, NULL, 0);
    break;
  }
  default: SetLastError(ERROR_INVALID_PARAMETER); fOk = FALSE;
  }
  pReply->fOk = fOk;
  pReply->dwError = GetLastError();
  return TRUE;
}

/* KernelIoControl with the request's input copied to the stack and the output into a stack buffer. */
static BOOL OalRequest(const OAL_REQ *pReq, OAL_REPLY *pReply) {
  DWORD In[4], Out[16], dwReturned = 0xFFFFFFFFUL;
  memcpy(In, pReq->In, sizeof(In));
  memset(Out, 0, sizeof(Out));
  SetLastError(0);
  pReply->fOk = KernelIoControl(pReq->dwCode, In, pReq->nIn, Out, pReq->nOut > sizeof(Out) ? sizeof(Out) : pReq->nOut,
                                &dwReturned);
  pReply->dwError = GetLastError();
  pReply->dwReturned = dwReturned;
  memcpy(pReply->Out, Out, sizeof(Out));
  return TRUE;
}

static BOOL Ports(const PORTS_REQ *pReq, PORTS_REPLY *pReply) {
  PVOID pReg = (PVOID)pReq->dwAddress;
  DWORD n = pReq->dwCount;
  switch (pReq->dwOp) {
  case 1: pReply->dwValue = READ_PORT_UCHAR((PUCHAR)pReg); break;
  case 2: pReply->dwValue = READ_PORT_USHORT((PUSHORT)pReg); break;
  case 3: pReply->dwValue = READ_PORT_ULONG((PULONG)pReg); break;
  case 4: WRITE_PORT_UCHAR((PUCHAR)pReg, pReq->Data[0]); break;
  case 5: WRITE_PORT_USHORT((PUSHORT)pReg, *(const USHORT *)pReq->Data); break;
  case 6: WRITE_PORT_ULONG((PULONG)pReg, *(const ULONG *)pReq->Data); break;
  case 7: READ_PORT_BUFFER_UCHAR((PUCHAR)pReg, pReply->Data, n > 16 ? 16 : n); break;
  case 8: WRITE_PORT_BUFFER_UCHAR((PUCHAR)pReg, pReq->Data, n > 16 ? 16 : n); break;
  case 9: READ_REGISTER_BUFFER_USHORT((PUSHORT)pReg, (PUSHORT)pReply->Data, n > 8 ? 8 : n); break;
  case 10: WRITE_REGISTER_BUFFER_ULONG((PULONG)pReg, (const ULONG *)pReq->Data, n > 4 ? 4 : n); break;
  default: SetLastError(ERROR_INVALID_PARAMETER); return FALSE;
  }
  return TRUE;
}

/* Map a device window with VirtualCopy (the way CE5-era drivers did before MmMapIoSpace), write its scratch register
 * and read it back. */
static BOOL ScratchThroughVirtualCopy(DWORD dwPhys, DWORD cbWindow, BYTE bValue, MEMORY_REPLY *pReply) {
  PBYTE pRegs = (PBYTE)VirtualAlloc(NULL, cbWindow, MEM_RESERVE, PAGE_NOACCESS);
  if (pRegs == NULL) return FALSE;
  if (VirtualCopy(pRegs, (LPVOID)(dwPhys >> 8), cbWindow, PAGE_READWRITE | PAGE_NOCACHE | PAGE_PHYSICAL)) {
    WRITE_REGISTER_UCHAR(pRegs + 7, bValue);
    pReply->dwValue = READ_REGISTER_UCHAR(pRegs + 7);
    return VirtualFree(pRegs, 0, MEM_RELEASE);
  }
  VirtualFree(pRegs, 0, MEM_RELEASE);
  return FALSE;
}

static BOOL Memory(const MEMORY_REQ *pReq, MEMORY_REPLY *pReply) {
  BOOL fOk = FALSE;
  SetLastError(0);
  switch (pReq->dwOp) {
  case 1: fOk = ScratchThroughVirtualCopy(pReq->dwArg0, pReq->dwArg1, (BYTE)pReq->dwArg2, pReply); break;
  case 2:
    pReply->dwValue = (DWORD)CreateStaticMapping(pReq->dwArg0 >> 8, pReq->dwArg1);
    fOk = pReply->dwValue != 0;
    break;
  case 3: {
    HLOCAL h = LocalAlloc(LMEM_FIXED, pReq->dwArg0);
    pReply->dwValue = LocalSize(h);
    fOk = LocalFree(h) == NULL;
    break;
  }
  case 4:
    pReply->dwValue = GetCallerVMProcessId();
    pReply->dwValue2 = GetDirectCallerProcessId();
    fOk = TRUE;
    break;
  case 5: {
    DWORD dwData = 0, cbRead = 0;
    fOk = ReadProcessMemory((HANDLE)GetCallerVMProcessId(), (LPCVOID)pReq->dwArg0, &dwData, sizeof(dwData), &cbRead);
    pReply->dwValue = dwData;
    pReply->dwValue2 = cbRead;
    break;
  }
  case 6: {
    DWORD dwPfn = 0;
    fOk = LockPagesEx((HANDLE)GetCallerVMProcessId(), (LPVOID)pReq->dwArg0, pReq->dwArg1, &dwPfn, LOCKFLAG_READ) &&
          UnlockPages((LPVOID)pReq->dwArg0, pReq->dwArg1);
    pReply->dwValue = dwPfn;
    break;
  }
  default: SetLastError(ERROR_INVALID_PARAMETER);
  }
  pReply->fOk = fOk;
  pReply->dwError = GetLastError();
  return TRUE;
}

static BOOL Print(const PRINT_REQ *pReq, PRINT_REPLY *pReply) {
  RETAILMSG(1, (TEXT("DEVAPI: %s value=%d (%u) hex=%08X/%#x tag=%S\r\n"), pReq->szName, pReq->lValue, pReq->dwValue,
                pReq->dwValue, pReq->dwValue, pReq->szTag));
  RETAILMSG(0, (TEXT("DEVAPI: never printed\r\n")));
  DEBUGMSG(ZONE_IOCTL, (TEXT("DEVAPI: [%-6s|%6s|%c%C|%hd|%I64u|%5.2f|%%]\r\n"), TEXT("ab"), TEXT("cd"), (WCHAR)'W', 'n',
                        (short)pReq->lValue, 0x100000000ULL * pReq->dwValue, 2.5));
  DEBUGMSG(ZONE_VERBOSE, (TEXT("DEVAPI: verbose zone is off\r\n")));
  ERRORMSG(pReq->lValue < 0, (TEXT("negative value %d\r\n"), pReq->lValue));
  pReply->cchPrinted = wsprintfW(pReply->szPrinted, TEXT("%s:%lu:%x"), pReq->szName, pReq->dwValue, pReq->dwValue);
  pReply->hrFits = StringCchPrintfW(pReply->szFits, 16, TEXT("%d-%d"), 12, 34);
  pReply->hrCut = StringCchPrintfW(pReply->szCut, 8, TEXT("%s"), TEXT("truncated"));
  pReply->cchCut = _vsnwprintf(pReply->szPrinted + 40, 3, TEXT("abcdef"), NULL);
  return TRUE;
}

static BOOL Strings(const STRINGS_REQ *pReq, STRINGS_REPLY *pReply) {
  const CHAR *pc;
  const WCHAR *pw;
  pReply->Cmp[0] = strcmp(pReq->szA, pReq->szB);
  pReply->Cmp[1] = strncmp(pReq->szA, pReq->szB, 3);
  pReply->Cmp[2] = _stricmp(pReq->szA, pReq->szB);
  pReply->Cmp[3] = wcscmp(pReq->wszA, pReq->wszB);
  pReply->Cmp[4] = wcsncmp(pReq->wszA, pReq->wszB, 3);
  pReply->Cmp[5] = _wcsicmp(pReq->wszA, pReq->wszB);
  pc = strchr(pReq->szA, 'l');
  pw = wcsrchr(pReq->wszA, 'l');
  pReply->Cmp[6] = pc == NULL ? -1 : (int)(pc - pReq->szA);
  pReply->Cmp[7] = pw == NULL ? -1 : (int)(pw - pReq->wszA);
  pReply->Len[0] = strlen(pReq->szA);
  pReply->Len[1] = wcslen(pReq->wszA);
  pReply->Len[2] = wcsnlen(pReq->wszB, 4);
  pReply->Len[3] = strnlen(pReq->szB, 4);
  strcpy(pReply->szJoined, pReq->szA);
  strcat(pReply->szJoined, "+");
  strcat(pReply->szJoined, pReq->szB);
  wcscpy(pReply->wszJoined, pReq->wszA);
  wcscat(pReply->wszJoined, TEXT("+"));
  wcscat(pReply->wszJoined, pReq->wszB);
  memset(pReply->wszPadded, 0xAA, sizeof(pReply->wszPadded));
  wcsncpy(pReply->wszPadded, pReq->wszB, 6);
  pReply->hrCopy = StringCchCopyW(pReply->wszCopy, 5, pReq->wszA);
  return TRUE;
}

CEDK_EXPORT(DVA_Init) DWORD DVA_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)lpvBusContext;
  g_Device.hDeviceKey = OpenDeviceKey(pContext);
  DEBUGMSG(ZONE_INIT, (TEXT("DEVAPI: Init %s key %p\r\n"), pContext, g_Device.hDeviceKey));
  if (g_Device.hDeviceKey == NULL) {
    RETAILMSG(1, (TEXT("DEVAPI: no device key for %s\r\n"), pContext));
    return 0;
  }
  return (DWORD)&g_Device;
}

CEDK_EXPORT(DVA_Deinit) BOOL DVA_Deinit(DWORD hDeviceContext) {
  DEVICE_CONTEXT *pDevice = (DEVICE_CONTEXT *)hDeviceContext;
  if (pDevice->hIstEvent != NULL) CloseHandle(pDevice->hIstEvent);
  return RegCloseKey(pDevice->hDeviceKey) == ERROR_SUCCESS;
}

CEDK_EXPORT(DVA_Open) DWORD DVA_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) {
  (void)AccessCode;
  (void)ShareMode;
  ((DEVICE_CONTEXT *)hDeviceContext)->dwOpens++;
  return hDeviceContext;
}

CEDK_EXPORT(DVA_Close) BOOL DVA_Close(DWORD hOpenContext) {
  return hOpenContext != 0;
}

/* The request is copied in, handled on the stack and the reply copied out, as METHOD_BUFFERED drivers do. */
CEDK_EXPORT(DVA_IOControl)
BOOL DVA_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut,
                   PDWORD pdwActualOut) {
  union {
    REG_QUERY_REQ query;
    REG_SET_REQ set;
    REG_OPEN_REQ open;
    RESOURCES_REQ resources;
    INTERRUPT_REQ interrupt;
    OAL_REQ oal;
    PORTS_REQ ports;
    PRINT_REQ print;
    STRINGS_REQ strings;
    MEMORY_REQ memory;
  } in;
  union {
    REG_QUERY_REPLY query;
    REG_KEY_REPLY key;
    RESOURCES_REPLY resources;
    STATUS_REPLY status;
    OAL_REPLY oal;
    PORTS_REPLY ports;
    PRINT_REPLY print;
    STRINGS_REPLY strings;
    MEMORY_REPLY memory;
  } out;
  BOOL fOk;
  DWORD cbOut = 0;
  (void)hOpenContext;
  if (dwLenIn > sizeof(in)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  memset(&in, 0, sizeof(in));
  memset(&out, 0, sizeof(out));
  memcpy(&in, pBufIn, dwLenIn);
  DEBUGMSG(ZONE_VERBOSE, (TEXT("DEVAPI: IOControl %x\r\n"), dwCode));
  switch (dwCode) {
  case IOCTL_DEVAPI_REG_QUERY: fOk = QueryValue(&in.query, &out.query); cbOut = sizeof(out.query); break;
  case IOCTL_DEVAPI_REG_SET:
    out.status.dwError = RegSetValueEx(g_Device.hDeviceKey, in.set.szName, 0, in.set.dwType, in.set.Data, in.set.cbData);
    fOk = TRUE;
    cbOut = sizeof(out.status);
    break;
  case IOCTL_DEVAPI_REG_CREATE: fOk = CreateSubKey(in.open.szPath, &out.key); cbOut = sizeof(out.key); break;
  case IOCTL_DEVAPI_REG_OPEN: fOk = OpenPath(&in.open, &out.key); cbOut = sizeof(out.key); break;
  case IOCTL_DEVAPI_RESOURCES: fOk = ReadResources(&in.resources, &out.resources); cbOut = sizeof(out.resources); break;
  case IOCTL_DEVAPI_INTERRUPT: fOk = Interrupt(&in.interrupt, &out.status); cbOut = sizeof(out.status); break;
  case IOCTL_DEVAPI_OAL: fOk = OalRequest(&in.oal, &out.oal); cbOut = sizeof(out.oal); break;
  case IOCTL_DEVAPI_PORTS: fOk = Ports(&in.ports, &out.ports); cbOut = sizeof(out.ports); break;
  case IOCTL_DEVAPI_PRINT: fOk = Print(&in.print, &out.print); cbOut = sizeof(out.print); break;
  case IOCTL_DEVAPI_STRINGS: fOk = Strings(&in.strings, &out.strings); cbOut = sizeof(out.strings); break;
  case IOCTL_DEVAPI_MEMORY: fOk = Memory(&in.memory, &out.memory); cbOut = sizeof(out.memory); break;
  default: SetLastError(ERROR_NOT_SUPPORTED); return FALSE;
  }
  if (!fOk) return FALSE;
  if (dwLenOut < cbOut) {
    SetLastError(ERROR_INSUFFICIENT_BUFFER);
    return FALSE;
  }
  memcpy(pBufOut, &out, cbOut);
  return Reply(pdwActualOut, cbOut);
}
