/* probe.dll: a test driver that makes one memory access of a given width at a given address, as C code would,
 * so the tests can check every load and store width, unaligned and page-crossing accesses and faults through
 * the memory hooks. IOCTL_PROBE_INITS reports how many times this process's copy of the DLL was initialised. */
#include <windows.h>
#include <ceddk.h>
#include <cedk_seh.h>

#define IOCTL_PROBE_ACCESS CTL_CODE(0x8002UL, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_PROBE_INITS CTL_CODE(0x8002UL, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* In: { physical address, size }; out: the virtual address MmMapIoSpace gave (0 and the error on failure). */
#define IOCTL_PROBE_MAP CTL_CODE(0x8002UL, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* In: { virtual address, size }. */
#define IOCTL_PROBE_UNMAP CTL_CODE(0x8002UL, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)
/* IOCTL_PROBE_DEEP_SLEEP: recurse N calls deep (through a function pointer, so no call is folded away), Sleep(1)
 * at the bottom; returns N. Probes how many C frames a blocked thread can keep. */
#define IOCTL_PROBE_DEEP_SLEEP CTL_CODE(0x8002UL, 0x904, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define PROBE_GUARDED 0x100 /* run the access under CeTryCall */

typedef struct _PROBE_REQUEST {
  DWORD Op;
  DWORD Address;
  DWORD Lo; /* value to store (low 32 bits) */
  DWORD Hi;
} PROBE_REQUEST;

typedef struct _PROBE_RESULT {
  DWORD Lo; /* value loaded, zero- or sign-extended to 64 bits as C converts it */
  DWORD Hi;
  DWORD Exception;
} PROBE_RESULT;

static DWORD g_Inits;

static void Split(unsigned long long v, PROBE_RESULT *pOut) {
  pOut->Lo = (DWORD)v;
  pOut->Hi = (DWORD)(v >> 32);
}

static DWORD Access(void *pv) {
  PROBE_REQUEST *pReq = ((PROBE_REQUEST **)pv)[0];
  PROBE_RESULT *pOut = ((PROBE_RESULT **)pv)[1];
  DWORD a = pReq->Address;
  unsigned long long v = ((unsigned long long)pReq->Hi << 32) | pReq->Lo;
  float f;
  double d;
  switch (pReq->Op & 0xff) {
  case 1: Split(*(volatile BYTE *)a, pOut); break;
  case 2: Split((unsigned long long)(long long)*(volatile signed char *)a, pOut); break;
  case 3: Split(*(volatile WORD *)a, pOut); break;
  case 4: Split((unsigned long long)(long long)*(volatile short *)a, pOut); break;
  case 5: Split(*(volatile DWORD *)a, pOut); break;
  case 6: Split(*(volatile unsigned long long *)a, pOut); break;
  case 7: f = *(volatile float *)a; Split((unsigned long long)(long long)(f * 4.0f), pOut); break;
  case 8: d = *(volatile double *)a; Split((unsigned long long)(long long)(d * 4.0), pOut); break;
  case 11: *(volatile BYTE *)a = (BYTE)v; break;
  case 13: *(volatile WORD *)a = (WORD)v; break;
  case 15: *(volatile DWORD *)a = (DWORD)v; break;
  case 16: *(volatile unsigned long long *)a = v; break;
  case 17: *(volatile float *)a = (float)pReq->Lo / 4.0f; break;
  case 18: *(volatile double *)a = (double)pReq->Lo / 4.0; break;
  default: return FALSE;
  }
  return TRUE;
}

CEDK_EXPORT(PRB_Init) DWORD PRB_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)lpvBusContext;
  g_Inits++;
  return pContext != NULL ? 1 : 0;
}

CEDK_EXPORT(PRB_Deinit) BOOL PRB_Deinit(DWORD hDeviceContext) {
  return hDeviceContext == 1;
}

CEDK_EXPORT(PRB_Open) DWORD PRB_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) {
  (void)AccessCode;
  (void)ShareMode;
  return hDeviceContext;
}

CEDK_EXPORT(PRB_Close) BOOL PRB_Close(DWORD hOpenContext) {
  return hOpenContext == 1;
}

static DWORD Deep(DWORD n);
static DWORD (*volatile g_Deep)(DWORD) = Deep;

static DWORD Deep(DWORD n) {
  if (n == 0) {
    Sleep(1);
    return 0;
  }
  return g_Deep(n - 1) + 1;
}

static BOOL MapWindow(PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  PHYSICAL_ADDRESS pa;
  DWORD window[2];
  PVOID va;
  if (dwLenIn < sizeof(window) || dwLenOut < sizeof(DWORD)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  memcpy(window, pBufIn, sizeof(window));
  pa.QuadPart = window[0];
  va = MmMapIoSpace(pa, window[1], FALSE);
  *(DWORD *)pBufOut = (DWORD)va;
  if (pdwActualOut != NULL) *pdwActualOut = sizeof(DWORD);
  return va != NULL;
}

CEDK_EXPORT(PRB_IOControl)
BOOL PRB_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut,
                   PDWORD pdwActualOut) {
  PROBE_REQUEST req;
  PROBE_RESULT res;
  void *args[2];
  DWORD ok = FALSE;
  (void)hOpenContext;
  if (dwCode == IOCTL_PROBE_INITS && dwLenOut >= sizeof(DWORD)) {
    *(DWORD *)pBufOut = g_Inits;
    if (pdwActualOut != NULL) *pdwActualOut = sizeof(DWORD);
    return TRUE;
  }
  if (dwCode == IOCTL_PROBE_DEEP_SLEEP && dwLenIn >= sizeof(DWORD) && dwLenOut >= sizeof(DWORD)) {
    *(DWORD *)pBufOut = g_Deep(*(DWORD *)pBufIn);
    if (pdwActualOut != NULL) *pdwActualOut = sizeof(DWORD);
    return TRUE;
  }
  if (dwCode == IOCTL_PROBE_MAP) return MapWindow(pBufIn, dwLenIn, pBufOut, dwLenOut, pdwActualOut);
  if (dwCode == IOCTL_PROBE_UNMAP && dwLenIn >= 2 * sizeof(DWORD)) {
    MmUnmapIoSpace((PVOID)((DWORD *)pBufIn)[0], ((DWORD *)pBufIn)[1]);
    return TRUE;
  }
  if (dwCode != IOCTL_PROBE_ACCESS || dwLenIn < sizeof(req) || dwLenOut < sizeof(res)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  memcpy(&req, pBufIn, sizeof(req));
  memset(&res, 0, sizeof(res));
  args[0] = &req;
  args[1] = &res;
  if (req.Op & PROBE_GUARDED) res.Exception = CeTryCall(Access, args, &ok);
  else ok = Access(args);
  memcpy(pBufOut, &res, sizeof(res));
  if (pdwActualOut != NULL) *pdwActualOut = sizeof(res);
  return res.Exception != 0 || ok;
}
