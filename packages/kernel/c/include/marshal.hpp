/* cedk's marshal.hpp: CE6's kernel buffer marshalling classes for C++ drivers, written from their documentation
 * ("Kernel Buffer Marshaling Classes") and the fact sheet's §6 (behaviour 17), as the TypeScript MarshalledBuffer,
 * DuplicatedBuffer and AsynchronousBuffer of @cedk/kernel do. Each wraps a pair of the marshalling APIs (pkfuncs.h)
 * and its destructor releases what it holds, so an early return cannot skip the close:
 *
 *   MarshalledBuffer_t   CeOpenCallerBuffer/CeCloseCallerBuffer (+ CeAllocAsynchronousBuffer/CeFreeAsynchronousBuffer
 *                        when Asynchronous): for embedded pointers the kernel has not checked or marshalled.
 *   DuplicatedBuffer_t   CeAllocDuplicateBuffer/CeFreeDuplicateBuffer: a secure copy of a buffer the kernel already
 *                        marshalled (an API parameter).
 *   AsynchronousBuffer_t CeAllocAsynchronousBuffer/CeFreeAsynchronousBuffer: access from another thread, or after
 *                        the call returns, to a buffer the kernel already marshalled (kernel mode only).
 *
 * ForceDuplicate defaults to TRUE; marshalling an object that holds a buffer is HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS),
 * as is releasing one that holds none; the const (PCVOID) overloads refuse a descriptor with ARG_O_BIT (E_ACCESSDENIED);
 * Flush without an asynchronous buffer is HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER), and DuplicatedBuffer_t's is
 * HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED). ptr() is NULL and size() 0 when nothing is held. The objects cannot be
 * copied. Build C++ sources with npm run build:c (C++17, no exceptions, no RTTI); global constructors run when a
 * process loads the DLL (docs/c-drivers.md). */
#ifndef CEDK_MARSHAL_HPP
#define CEDK_MARSHAL_HPP
#include "windows.h"
#include "pkfuncs.h"

typedef const void *PCVOID;

#ifndef ARG_O_BIT
#define ARG_I_BIT 0x4
#define ARG_O_BIT 0x8
#endif
#ifndef HRESULT_FROM_WIN32
#define HRESULT_FROM_WIN32(x) ((HRESULT)(x) <= 0 ? (HRESULT)(x) : (HRESULT)(((x) & 0x0000FFFF) | (7 << 16) | 0x80000000))
#endif
#ifndef E_ACCESSDENIED
#define E_ACCESSDENIED ((HRESULT)0x80070005L)
#endif
#define CEDK_E_ALREADY_EXISTS HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS)

class MarshalledBuffer_t {
 public:
  MarshalledBuffer_t() {}
  MarshalledBuffer_t(PVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor, BOOL ForceDuplicate = TRUE,
                     BOOL Asynchronous = FALSE) {
    Marshal(pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate, Asynchronous);
  }
  MarshalledBuffer_t(PCVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor, BOOL ForceDuplicate = TRUE,
                     BOOL Asynchronous = FALSE) {
    Marshal(pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate, Asynchronous);
  }
  ~MarshalledBuffer_t() {
    if (m_pSync != NULL) Unmarshal();
  }
  MarshalledBuffer_t(const MarshalledBuffer_t &) = delete;
  MarshalledBuffer_t &operator=(const MarshalledBuffer_t &) = delete;

  /* Open the caller's buffer, and make an asynchronous copy of it when Asynchronous (if that fails, the buffer is
   * closed again and the failure returned). */
  HRESULT Marshal(PVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor, BOOL ForceDuplicate = TRUE,
                  BOOL Asynchronous = FALSE) {
    if (m_pSync != NULL) return CEDK_E_ALREADY_EXISTS;
    PVOID pSync = NULL;
    HRESULT hr = CeOpenCallerBuffer(&pSync, pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate);
    if (FAILED(hr)) return hr;
    m_pSrc = pSrcUnmarshalled;
    m_pSync = pSync;
    m_cb = cbSrc;
    m_desc = ArgumentDescriptor;
    if (!Asynchronous) return S_OK;
    hr = CeAllocAsynchronousBuffer(&m_pAsync, pSync, cbSrc, ArgumentDescriptor);
    if (FAILED(hr)) {
      m_pAsync = NULL;
      Unmarshal();
    }
    return hr;
  }
  HRESULT Marshal(PCVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor, BOOL ForceDuplicate = TRUE,
                  BOOL Asynchronous = FALSE) {
    if (ArgumentDescriptor & ARG_O_BIT) return E_ACCESSDENIED;
    return Marshal(const_cast<PVOID>(pSrcUnmarshalled), cbSrc, ArgumentDescriptor, ForceDuplicate, Asynchronous);
  }

  /* The asynchronous copy's data written back to the caller now. */
  HRESULT Flush() {
    if (m_pAsync == NULL) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    return CeFlushAsynchronousBuffer(m_pAsync, m_pSync, m_pSrc, m_cb, m_desc);
  }

  /* Free the asynchronous copy (if any), then close the caller buffer, which writes out-data back; the first
   * failure is returned. */
  HRESULT Unmarshal() {
    if (m_pSync == NULL) return CEDK_E_ALREADY_EXISTS;
    HRESULT hrFree = m_pAsync != NULL ? CeFreeAsynchronousBuffer(m_pAsync, m_pSync, m_cb, m_desc) : S_OK;
    HRESULT hrClose = CeCloseCallerBuffer(m_pSync, m_pSrc, m_cb, m_desc);
    m_pSrc = m_pSync = m_pAsync = NULL;
    m_cb = 0;
    return FAILED(hrFree) ? hrFree : hrClose;
  }

  LPVOID ptr() const { return m_pAsync != NULL ? m_pAsync : m_pSync; }
  DWORD size() const { return m_pSync != NULL ? m_cb : 0; }

 private:
  PVOID m_pSrc = NULL;
  PVOID m_pSync = NULL;
  PVOID m_pAsync = NULL;
  DWORD m_cb = 0;
  DWORD m_desc = 0;
};

/* A copy of a buffer the kernel already marshalled, made and released by Traits (the two classes below). */
template <class Traits>
class Buffer_t {
 public:
  Buffer_t() {}
  Buffer_t(PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor) { Allocate(pSrcMarshalled, cbSrc, ArgumentDescriptor); }
  Buffer_t(PCVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor) { Allocate(pSrcMarshalled, cbSrc, ArgumentDescriptor); }
  ~Buffer_t() {
    if (m_pDest != NULL) Free();
  }
  Buffer_t(const Buffer_t &) = delete;
  Buffer_t &operator=(const Buffer_t &) = delete;

  HRESULT Allocate(PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor) {
    if (m_pDest != NULL) return CEDK_E_ALREADY_EXISTS;
    PVOID pDest = NULL;
    HRESULT hr = Traits::Alloc(&pDest, pSrcMarshalled, cbSrc, ArgumentDescriptor);
    if (FAILED(hr)) return hr;
    m_pSrc = pSrcMarshalled;
    m_pDest = pDest;
    m_cb = cbSrc;
    m_desc = ArgumentDescriptor;
    return S_OK;
  }
  HRESULT Allocate(PCVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor) {
    if (ArgumentDescriptor & ARG_O_BIT) return E_ACCESSDENIED;
    return Allocate(const_cast<PVOID>(pSrcMarshalled), cbSrc, ArgumentDescriptor);
  }

  HRESULT Flush() {
    if (m_pDest == NULL) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    return Traits::Flush(m_pDest, m_pSrc, m_cb, m_desc);
  }

  /* Release the copy, writing out-data back to the source. */
  HRESULT Free() {
    if (m_pDest == NULL) return CEDK_E_ALREADY_EXISTS;
    HRESULT hr = Traits::Free(m_pDest, m_pSrc, m_cb, m_desc);
    m_pSrc = m_pDest = NULL;
    m_cb = 0;
    return hr;
  }

  LPVOID ptr() const { return m_pDest; }
  DWORD size() const { return m_pDest != NULL ? m_cb : 0; }

 private:
  PVOID m_pSrc = NULL;
  PVOID m_pDest = NULL;
  DWORD m_cb = 0;
  DWORD m_desc = 0;
};

struct DuplicateTraits {
  static HRESULT Alloc(PVOID *ppDest, PVOID pSrc, DWORD cb, DWORD desc) { return CeAllocDuplicateBuffer(ppDest, pSrc, cb, desc); }
  static HRESULT Free(PVOID pDest, PVOID pSrc, DWORD cb, DWORD desc) { return CeFreeDuplicateBuffer(pDest, pSrc, cb, desc); }
  static HRESULT Flush(PVOID, PVOID, DWORD, DWORD) { return HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED); }
};

struct AsynchronousTraits {
  static HRESULT Alloc(PVOID *ppDest, PVOID pSrc, DWORD cb, DWORD desc) { return CeAllocAsynchronousBuffer(ppDest, pSrc, cb, desc); }
  static HRESULT Free(PVOID pDest, PVOID pSrc, DWORD cb, DWORD desc) { return CeFreeAsynchronousBuffer(pDest, pSrc, cb, desc); }
  /* The source is already marshalled: there is no caller pointer to name. */
  static HRESULT Flush(PVOID pDest, PVOID pSrc, DWORD cb, DWORD desc) { return CeFlushAsynchronousBuffer(pDest, pSrc, NULL, cb, desc); }
};

typedef Buffer_t<DuplicateTraits> DuplicatedBuffer_t;
typedef Buffer_t<AsynchronousTraits> AsynchronousBuffer_t;
#endif
