// sensorhub.dll: a C++ driver that averages batches of sensor readings, written the way a CE6 C++ driver uses
// marshal.hpp. A batch request carries an embedded pointer to the readings (MarshalledBuffer_t opens it; its
// destructor closes it); calibration data in lpInBuf is kept as a secure copy (DuplicatedBuffer_t) while it is
// validated and applied. One Hub object per device (new/delete), and a global registry of hubs built by its
// constructor when the process loads the DLL. Used by the kernel's tests of C++ drivers.
#include <windows.h>
#include <pkfuncs.h>
#include <marshal.hpp>

#define IOCTL_HUB_AVERAGE CTL_CODE(0x8004, 0x900, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HUB_CALIBRATE CTL_CODE(0x8004, 0x901, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HUB_INFO CTL_CODE(0x8004, 0x902, METHOD_BUFFERED, FILE_ANY_ACCESS)
#define IOCTL_HUB_SELFTEST CTL_CODE(0x8004, 0x903, METHOD_BUFFERED, FILE_ANY_ACCESS)

struct BATCH_REQUEST {
  const LONG *pReadings; // embedded pointer: the caller's array
  DWORD count;
};

struct CALIBRATION {
  LONG offset;
  LONG scale; // per mille
};

class Hub {
public:
  Hub() : m_offset(0), m_scale(1000), m_batches(0) {}
  LONG Apply(LONG raw) const { return (raw + m_offset) * m_scale / 1000; }
  void Calibrate(const CALIBRATION &c) {
    m_offset = c.offset;
    m_scale = c.scale;
  }
  LONG m_offset, m_scale;
  DWORD m_batches;
};

// The DLL's registry of hubs: its constructor runs when a process loads the DLL.
class HubRegistry {
public:
  HubRegistry() : m_signature(0x48554221), m_count(0) {}
  DWORD m_signature;
  DWORD m_count;
};
static HubRegistry g_registry;

extern "C" {

CEDK_EXPORT(HUB_Init) DWORD HUB_Init(LPCTSTR pContext, LPVOID lpvBusContext) {
  Hub *hub = new Hub();
  if (hub == NULL) return 0;
  g_registry.m_count++;
  return (DWORD)hub;
}

CEDK_EXPORT(HUB_Deinit) BOOL HUB_Deinit(DWORD hDeviceContext) {
  delete (Hub *)hDeviceContext;
  g_registry.m_count--;
  return TRUE;
}

CEDK_EXPORT(HUB_Open) DWORD HUB_Open(DWORD hDeviceContext, DWORD dwAccess, DWORD dwShareMode) { return hDeviceContext; }
CEDK_EXPORT(HUB_Close) BOOL HUB_Close(DWORD hOpenContext) { return TRUE; }

static BOOL Average(Hub *hub, const BATCH_REQUEST *req, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  if (req->count == 0 || req->count > 1024 || dwLenOut < sizeof(LONG)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  MarshalledBuffer_t readings(req->pReadings, req->count * sizeof(LONG), ARG_I_PTR, FALSE);
  const LONG *values = (const LONG *)readings.ptr();
  if (values == NULL) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  LONG sum = 0;
  for (DWORD i = 0; i < req->count; i++) sum += hub->Apply(values[i]);
  *(LONG *)pBufOut = sum / (LONG)req->count;
  hub->m_batches++;
  if (pdwActualOut) *pdwActualOut = sizeof(LONG);
  return TRUE;
}

static BOOL Calibrate(Hub *hub, PBYTE pBufIn, DWORD dwLenIn) {
  if (dwLenIn < sizeof(CALIBRATION)) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  // Validate and apply one copy: the caller cannot change the values between the check and the use.
  DuplicatedBuffer_t copy(pBufIn, sizeof(CALIBRATION), ARG_I_PTR);
  const CALIBRATION *cal = (const CALIBRATION *)copy.ptr();
  if (cal == NULL || cal->scale <= 0 || cal->scale > 10000) {
    SetLastError(ERROR_INVALID_PARAMETER);
    return FALSE;
  }
  hub->Calibrate(*cal);
  return TRUE;
}

// The wrappers' own answers, for the driver's power-on self test: HRESULTs in the order asked. The request is a
// batch (an embedded pointer to one reading) as AVERAGE takes.
static BOOL SelfTest(PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  HRESULT *out = (HRESULT *)pBufOut;
  if (dwLenOut < 7 * sizeof(HRESULT) || dwLenIn < sizeof(BATCH_REQUEST)) return FALSE;
  const BATCH_REQUEST *req = (const BATCH_REQUEST *)pBufIn;
  MarshalledBuffer_t m;
  out[0] = m.Unmarshal();                                             // nothing marshalled yet
  out[1] = m.Marshal((PVOID)req->pReadings, sizeof(LONG), ARG_I_PTR); // the embedded pointer
  out[2] = m.Marshal((PVOID)req->pReadings, sizeof(LONG), ARG_I_PTR); // twice
  out[3] = m.Flush();                                                 // not asynchronous
  MarshalledBuffer_t c;
  out[4] = c.Marshal((PCVOID)req->pReadings, sizeof(LONG), ARG_O_PTR); // const, as an output
  DuplicatedBuffer_t d(pBufIn, sizeof(BATCH_REQUEST), ARG_I_PTR);     // lpInBuf, marshalled by the kernel already
  out[5] = d.Flush();                                                 // duplicates are not flushed
  const BATCH_REQUEST *copy = (const BATCH_REQUEST *)d.ptr();
  out[6] = (copy != req && copy->count == req->count && m.size() == sizeof(LONG) && *(const LONG *)m.ptr() == 0x5eed) ? S_OK : E_INVALIDARG;
  if (pdwActualOut) *pdwActualOut = 7 * sizeof(HRESULT);
  return TRUE;
}

CEDK_EXPORT(HUB_IOControl)
BOOL HUB_IOControl(DWORD hOpenContext, DWORD dwCode, PBYTE pBufIn, DWORD dwLenIn, PBYTE pBufOut, DWORD dwLenOut, PDWORD pdwActualOut) {
  Hub *hub = (Hub *)hOpenContext;
  switch (dwCode) {
  case IOCTL_HUB_AVERAGE:
    if (pBufIn == NULL || dwLenIn < sizeof(BATCH_REQUEST) || pBufOut == NULL) break;
    return Average(hub, (const BATCH_REQUEST *)pBufIn, pBufOut, dwLenOut, pdwActualOut);
  case IOCTL_HUB_CALIBRATE:
    return Calibrate(hub, pBufIn, dwLenIn);
  case IOCTL_HUB_INFO:
    if (pBufOut == NULL || dwLenOut < 3 * sizeof(DWORD)) break;
    ((DWORD *)pBufOut)[0] = g_registry.m_signature;
    ((DWORD *)pBufOut)[1] = g_registry.m_count;
    ((DWORD *)pBufOut)[2] = hub->m_batches;
    if (pdwActualOut) *pdwActualOut = 3 * sizeof(DWORD);
    return TRUE;
  case IOCTL_HUB_SELFTEST:
    return SelfTest(pBufIn, dwLenIn, pBufOut, dwLenOut, pdwActualOut);
  }
  SetLastError(ERROR_INVALID_PARAMETER);
  return FALSE;
}

} // extern "C"
