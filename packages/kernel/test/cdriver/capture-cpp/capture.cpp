// capture.dll: a capture driver written in C++ the way CE6 drivers use marshal.hpp: embedded pointers through
// MarshalledBuffer_t (synchronous, and asynchronous for a worker thread), a DuplicatedBuffer_t over the input it
// checksums, an AsynchronousBuffer_t over the output a worker fills, a critical section held by a scoped lock. The
// kernel's tests of C++ drivers and of the marshal.hpp classes run it.
#include <windows.h>
#include <pkfuncs.h>
#include <marshal.hpp>

#define IOCTL_CAP_FILL CTL_CODE(0x8003, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAP_FILL_LATER CTL_CODE(0x8003, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAP_CHECKSUM CTL_CODE(0x8003, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAP_FILL_OUT CTL_CODE(0x8003, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_CAP_READ_ONLY CTL_CODE(0x8003, 0x904, METHOD_BUFFERED, FILE_ANY_ACCESS)

#define WORKER_TIMEOUT_MS 1000

// { pBuffer, cbBuffer, bPattern }: where to write and with what.
struct FillRequest {
  PBYTE pBuffer;
  DWORD cbBuffer;
  DWORD bPattern;
};

// The replies: the HRESULTs the marshal.hpp calls gave.
struct FillReply {
  HRESULT hrMarshal;
  HRESULT hrFlush;
  HRESULT hrUnmarshal;
};

struct ChecksumReply {
  DWORD dwSum;
  HRESULT hrFlush;
  HRESULT hrAgain;
};

class ScopedLock {
 public:
  explicit ScopedLock(CRITICAL_SECTION *pcs) : m_pcs(pcs) { EnterCriticalSection(m_pcs); }
  ~ScopedLock() { LeaveCriticalSection(m_pcs); }
  ScopedLock(const ScopedLock &) = delete;
  ScopedLock &operator=(const ScopedLock &) = delete;

 private:
  CRITICAL_SECTION *m_pcs;
};

// A job for a worker thread: fill `cb` bytes at `p` with `pattern`, half, flush, then the rest; signal `hDone`.
struct FillJob {
  MarshalledBuffer_t *pMarshalled;  // flushed halfway when given
  PBYTE p;
  DWORD cb;
  BYTE pattern;
  HANDLE hDone;
  HRESULT hrFlush;
};

class CaptureDevice {
 public:
  BOOL Init() {
    InitializeCriticalSection(&m_cs);
    m_dwCaptures = 0;
    return TRUE;
  }
  void Deinit() { DeleteCriticalSection(&m_cs); }

  BOOL IOControl(DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut);

 private:
  BOOL Fill(const FillRequest &req, FillReply *pReply);
  BOOL FillLater(const FillRequest &req, FillReply *pReply);
  BOOL Checksum(PBYTE pBufIn, DWORD dwLenIn, ChecksumReply *pReply);
  BOOL FillOut(PBYTE pBufOut, DWORD dwLenOut, BYTE pattern);
  BOOL RunWorker(FillJob *pJob);
  void Count() {
    ScopedLock lock(&m_cs);
    m_dwCaptures++;
  }

  CRITICAL_SECTION m_cs;
  DWORD m_dwCaptures;
};

static CaptureDevice g_Device;

static DWORD WINAPI FillWorker(LPVOID pv) {
  FillJob *pJob = static_cast<FillJob *>(pv);
  DWORD half = pJob->cb / 2;
  Sleep(2);
  memset(pJob->p, pJob->pattern, half);
  if (pJob->pMarshalled != NULL) pJob->hrFlush = pJob->pMarshalled->Flush();
  memset(pJob->p + half, pJob->pattern, pJob->cb - half);
  SetEvent(pJob->hDone);
  return 0;
}

BOOL CaptureDevice::RunWorker(FillJob *pJob) {
  pJob->hDone = CreateEvent(NULL, FALSE, FALSE, NULL);
  HANDLE hWorker = CreateThread(NULL, 0, FillWorker, pJob, 0, NULL);
  BOOL fDone = WaitForSingleObject(pJob->hDone, WORKER_TIMEOUT_MS) == WAIT_OBJECT_0;
  CloseHandle(hWorker);
  CloseHandle(pJob->hDone);
  return fDone;
}

BOOL CaptureDevice::Fill(const FillRequest &req, FillReply *pReply) {
  MarshalledBuffer_t out;
  pReply->hrMarshal = out.Marshal(req.pBuffer, req.cbBuffer, ARG_O_PTR);
  if (FAILED(pReply->hrMarshal)) return TRUE;
  memset(out.ptr(), (BYTE)req.bPattern, out.size());
  pReply->hrFlush = out.Flush();  // synchronous: nothing to flush
  pReply->hrUnmarshal = out.Unmarshal();
  Count();
  return TRUE;
}

BOOL CaptureDevice::FillLater(const FillRequest &req, FillReply *pReply) {
  MarshalledBuffer_t out;
  pReply->hrMarshal = out.Marshal(req.pBuffer, req.cbBuffer, ARG_O_PTR, TRUE, TRUE);
  if (FAILED(pReply->hrMarshal)) return TRUE;
  FillJob job = {&out, static_cast<PBYTE>(out.ptr()), out.size(), (BYTE)req.bPattern, NULL, HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED)};
  if (!RunWorker(&job)) return FALSE;
  pReply->hrFlush = job.hrFlush;
  Count();
  return TRUE;  // out's destructor frees the asynchronous copy and closes the caller buffer
}

BOOL CaptureDevice::Checksum(PBYTE pBufIn, DWORD dwLenIn, ChecksumReply *pReply) {
  DuplicatedBuffer_t in(pBufIn, dwLenIn, ARG_I_PTR);
  const BYTE *p = static_cast<const BYTE *>(in.ptr());
  if (p == NULL) return FALSE;
  DWORD sum = 0;
  for (DWORD i = 0; i < in.size(); i++) sum += p[i];
  pReply->dwSum = sum;
  pReply->hrFlush = in.Flush();
  pReply->hrAgain = in.Allocate(pBufIn, dwLenIn, ARG_I_PTR);
  return TRUE;
}

BOOL CaptureDevice::FillOut(PBYTE pBufOut, DWORD dwLenOut, BYTE pattern) {
  AsynchronousBuffer_t out(pBufOut, dwLenOut, ARG_O_PTR);
  if (out.ptr() == NULL) return FALSE;
  FillJob job = {NULL, static_cast<PBYTE>(out.ptr()), out.size(), pattern, NULL, S_OK};
  if (!RunWorker(&job)) return FALSE;
  Count();
  return TRUE;
}

BOOL CaptureDevice::IOControl(DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  FillRequest req = {};
  if (dwCode != IOCTL_CAP_CHECKSUM && dwCode != IOCTL_CAP_FILL_OUT) {
    if (dwLenIn < sizeof(req)) {
      SetLastError(ERROR_INVALID_PARAMETER);
      return FALSE;
    }
    memcpy(&req, pBufIn, sizeof(req));
  }
  switch (dwCode) {
  case IOCTL_CAP_FILL:
  case IOCTL_CAP_FILL_LATER: {
    FillReply reply = {S_OK, S_OK, S_OK};
    if (dwLenOut < sizeof(reply)) break;
    BOOL ok = dwCode == IOCTL_CAP_FILL ? Fill(req, &reply) : FillLater(req, &reply);
    if (!ok) return FALSE;
    memcpy(pBufOut, &reply, sizeof(reply));
    if (pdwActualOut != NULL) *pdwActualOut = sizeof(reply);
    return TRUE;
  }
  case IOCTL_CAP_CHECKSUM: {
    ChecksumReply reply = {0, S_OK, S_OK};
    if (dwLenOut < sizeof(reply) || !Checksum(pBufIn, dwLenIn, &reply)) break;
    memcpy(pBufOut, &reply, sizeof(reply));
    if (pdwActualOut != NULL) *pdwActualOut = sizeof(reply);
    return TRUE;
  }
  case IOCTL_CAP_FILL_OUT:
    if (dwLenIn < 1 || !FillOut(pBufOut, dwLenOut, pBufIn[0])) break;
    if (pdwActualOut != NULL) *pdwActualOut = dwLenOut;
    return TRUE;
  case IOCTL_CAP_READ_ONLY: {
    // A const buffer may not be opened for output.
    const void *pConst = req.pBuffer;
    MarshalledBuffer_t ro;
    HRESULT hr = ro.Marshal(pConst, req.cbBuffer, ARG_O_PTR);
    if (dwLenOut < sizeof(hr)) break;
    memcpy(pBufOut, &hr, sizeof(hr));
    if (pdwActualOut != NULL) *pdwActualOut = sizeof(hr);
    return TRUE;
  }
  default:
    SetLastError(ERROR_NOT_SUPPORTED);
    return FALSE;
  }
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}

CEDK_EXPORT(CAP_Init) DWORD CAP_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  (void)pContext;
  (void)lpvBusContext;
  return g_Device.Init() ? reinterpret_cast<DWORD>(&g_Device) : 0;
}

CEDK_EXPORT(CAP_Deinit) BOOL CAP_Deinit(DWORD hDeviceContext) {
  reinterpret_cast<CaptureDevice *>(hDeviceContext)->Deinit();
  return TRUE;
}

CEDK_EXPORT(CAP_Open) DWORD CAP_Open(DWORD hDeviceContext, DWORD AccessCode, DWORD ShareMode) {
  (void)AccessCode;
  (void)ShareMode;
  return hDeviceContext;
}

CEDK_EXPORT(CAP_Close) BOOL CAP_Close(DWORD hOpenContext) {
  return hOpenContext != 0;
}

CEDK_EXPORT(CAP_IOControl)
BOOL CAP_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  return reinterpret_cast<CaptureDevice *>(hOpenContext)->IOControl(dwCode, pBufIn, dwLenIn, pBufOut, dwLenOut, pdwActualOut);
}
