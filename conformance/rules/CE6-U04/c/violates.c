/* CE6-U04 in C: a driver that runs as two instances, one in the kernel and one in a udevice, each asking the other
 * to read a reference value for it (a loopback check of the pair). The request carries { pointer, length } to the
 * value in the sender's memory, and the receiver opens it with CeOpenCallerBuffer, as for a caller's IOCTL. */
#include <windows.h>
#include <pkfuncs.h>
#include <devload.h>

#define IOCTL_FORWARD 1 /* have the peer read our reference value; the output gets it */
#define IOCTL_READ 2    /* (from the peer) read the value the request designates */
#define REFERENCE_VALUE 0xFEEDF00DUL

/* The two instances load this DLL under different prefixes (TST, PER): its entry points are undecorated, as
 * with DEVFLAGS_NAKEDENTRIES. */
static WCHAR g_szPeer[DEVNAME_LEN]; /* the other instance's device name, from the key's "Peer" value */

CEDK_EXPORT(Init) DWORD Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  HKEY hKey = OpenDeviceKey(pContext);
  DWORD dwType = 0, cbPeer = sizeof g_szPeer;
  (void)lpvBusContext;
  if (hKey != NULL) {
    if (RegQueryValueEx(hKey, TEXT("Peer"), NULL, &dwType, (LPBYTE)g_szPeer, &cbPeer) != ERROR_SUCCESS || dwType != REG_SZ)
      g_szPeer[0] = 0;
    RegCloseKey(hKey);
  }
  return 1;
}
CEDK_EXPORT(Deinit) BOOL Deinit(DWORD hDeviceContext) { (void)hDeviceContext; return TRUE; }
CEDK_EXPORT(Open) DWORD Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) { (void)hDeviceContext; (void)AccessCode; (void)ShareMode; return 2; }
CEDK_EXPORT(Close) BOOL Close(DWORD hOpenContext) { (void)hOpenContext; return TRUE; }

typedef struct {
  PVOID pData; /* the value, in the sender's memory */
  DWORD cbData;
} READ_REQUEST;

typedef struct {
  DWORD dwValue;
  READ_REQUEST req;
  DWORD dwResult;
} FORWARD_BLOCK;

static BOOL ForwardRead(HANDLE hPeer, DWORD *pdwValue) {
  FORWARD_BLOCK *blk = (FORWARD_BLOCK *)LocalAlloc(LMEM_FIXED, sizeof *blk);
  BOOL fOk;
  if (blk == NULL) return FALSE;
  blk->dwValue = REFERENCE_VALUE;
  blk->req.pData = &blk->dwValue;
  blk->req.cbData = sizeof blk->dwValue;
  fOk = DeviceIoControl(hPeer, IOCTL_READ, &blk->req, sizeof blk->req, &blk->dwResult, sizeof blk->dwResult, NULL, NULL);
  if (fOk) *pdwValue = blk->dwResult;
  LocalFree(blk);
  return fOk;
}

static BOOL ServeRead(PBYTE pBufIn, DWORD dwLenIn, DWORD *pdwValue) {
  const READ_REQUEST *req = (const READ_REQUEST *)pBufIn;
  PVOID pData = NULL;
  if (pBufIn == NULL || dwLenIn < sizeof *req) return FALSE;
  if (FAILED(CeOpenCallerBuffer(&pData, req->pData, req->cbData, ARG_I_PTR, FALSE))) return FALSE;
  *pdwValue = *(DWORD *)pData;
  CeCloseCallerBuffer(pData, req->pData, req->cbData, ARG_I_PTR);
  return TRUE;
}

CEDK_EXPORT(IOControl)
BOOL IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  DWORD dwValue = 0;
  BOOL fOk = FALSE;
  (void)hOpenContext; (void)pdwActualOut;
  if (pBufOut == NULL || dwLenOut < sizeof(DWORD)) return FALSE;
  if (dwCode == IOCTL_READ) {
    fOk = ServeRead(pBufIn, dwLenIn, &dwValue);
  } else if (dwCode == IOCTL_FORWARD && g_szPeer[0] != 0) {
    HANDLE hPeer = CreateFile(g_szPeer, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, 0, NULL);
    if (hPeer != INVALID_HANDLE_VALUE) {
      fOk = ForwardRead(hPeer, &dwValue);
      CloseHandle(hPeer);
    }
  }
  if (!fOk) return FALSE;
  *(DWORD *)pBufOut = dwValue;
  return TRUE;
}
