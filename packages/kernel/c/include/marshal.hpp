// cedk's marshal.hpp for C++ drivers: CE6's helper classes over the marshalling APIs, written from the CE6
// documentation and the fact sheets (§6), not copied. MarshalledBuffer_t wraps CeOpenCallerBuffer/
// CeCloseCallerBuffer (and optionally CeAllocAsynchronousBuffer/CeFreeAsynchronousBuffer) for an embedded pointer
// the kernel has not checked; DuplicatedBuffer_t (CeAllocDuplicateBuffer) and AsynchronousBuffer_t
// (CeAllocAsynchronousBuffer — kernel mode only, as marshal.hpp says) are for API arguments the kernel already
// marshalled. Destructors undo what is still open.
#ifndef CEDK_MARSHAL_HPP
#define CEDK_MARSHAL_HPP
#include "windows.h"
#include "pkfuncs.h"

#ifndef ARG_O_BIT
#define ARG_O_BIT 0x8
#endif

class MarshalledBuffer_t {
public:
  MarshalledBuffer_t() { Reset(); }
  MarshalledBuffer_t(PVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor, BOOL ForceDuplicate = TRUE, BOOL Asynchronous = FALSE) {
    Reset();
    Marshal(pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate, Asynchronous);
  }
  MarshalledBuffer_t(PCVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor, BOOL ForceDuplicate = TRUE, BOOL Asynchronous = FALSE) {
    Reset();
    Marshal(pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate, Asynchronous);
  }
  ~MarshalledBuffer_t() {
    if (m_pLocalSyncMarshalled != NULL) Unmarshal();
  }

  HRESULT Marshal(PVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor, BOOL ForceDuplicate = TRUE, BOOL Asynchronous = FALSE) {
    if (m_pLocalSyncMarshalled != NULL) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
    PVOID sync = NULL;
    HRESULT hr = CeOpenCallerBuffer(&sync, pSrcUnmarshalled, cbSrc, ArgumentDescriptor, ForceDuplicate);
    if (FAILED(hr)) return hr;
    m_pLocalSyncMarshalled = sync;
    m_pCallerUnmarshalled = pSrcUnmarshalled;
    m_cbSize = cbSrc;
    m_ArgumentDescriptor = ArgumentDescriptor;
    if (!Asynchronous) return S_OK;
    PVOID async = NULL;
    hr = CeAllocAsynchronousBuffer(&async, sync, cbSrc, ArgumentDescriptor);
    if (FAILED(hr)) {
      Unmarshal();
      return hr;
    }
    m_pLocalAsync = async;
    return S_OK;
  }
  // A const buffer can only be an input: an O descriptor is refused.
  HRESULT Marshal(PCVOID pSrcUnmarshalled, DWORD cbSrc, DWORD ArgumentDescriptor, BOOL ForceDuplicate = TRUE, BOOL Asynchronous = FALSE) {
    if (ArgumentDescriptor & ARG_O_BIT) return E_ACCESSDENIED;
    return Marshal(const_cast<PVOID>(pSrcUnmarshalled), cbSrc, ArgumentDescriptor, ForceDuplicate, Asynchronous);
  }

  HRESULT Flush() {
    if (m_pLocalSyncMarshalled == NULL || m_pLocalAsync == NULL) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    return CeFlushAsynchronousBuffer(m_pLocalAsync, m_pLocalSyncMarshalled, m_pCallerUnmarshalled, m_cbSize, m_ArgumentDescriptor);
  }

  // The asynchronous copy goes first (its result is not returned), then the caller buffer is closed.
  HRESULT Unmarshal() {
    if (m_pLocalSyncMarshalled == NULL) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
    if (m_pLocalAsync != NULL) CeFreeAsynchronousBuffer(m_pLocalAsync, m_pLocalSyncMarshalled, m_cbSize, m_ArgumentDescriptor);
    HRESULT hr = CeCloseCallerBuffer(m_pLocalSyncMarshalled, m_pCallerUnmarshalled, m_cbSize, m_ArgumentDescriptor);
    Reset();
    return hr;
  }

  LPVOID ptr() const { return m_pLocalAsync != NULL ? m_pLocalAsync : m_pLocalSyncMarshalled; }
  DWORD size() const { return m_pLocalSyncMarshalled != NULL ? m_cbSize : 0; }

private:
  MarshalledBuffer_t(const MarshalledBuffer_t &);
  MarshalledBuffer_t &operator=(const MarshalledBuffer_t &);
  void Reset() {
    m_pLocalAsync = NULL;
    m_pLocalSyncMarshalled = NULL;
    m_pCallerUnmarshalled = NULL;
    m_cbSize = 0;
    m_ArgumentDescriptor = 0;
  }
  PVOID m_pLocalAsync;
  PVOID m_pLocalSyncMarshalled;
  PVOID m_pCallerUnmarshalled;
  DWORD m_cbSize;
  DWORD m_ArgumentDescriptor;
};

namespace ce {
namespace marshal {
namespace detail {

// A copy (or alias) of an argument the kernel already marshalled, made and released by Traits.
template <typename Traits> class Buffer_t {
public:
  Buffer_t() : m_pLocal(NULL), m_pCallerMarshalled(NULL), m_cbSize(0), m_ArgumentDescriptor(0) {}
  Buffer_t(PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor) : m_pLocal(NULL), m_pCallerMarshalled(NULL), m_cbSize(0), m_ArgumentDescriptor(0) {
    Allocate(pSrcMarshalled, cbSrc, ArgumentDescriptor);
  }
  Buffer_t(PCVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor) : m_pLocal(NULL), m_pCallerMarshalled(NULL), m_cbSize(0), m_ArgumentDescriptor(0) {
    Allocate(pSrcMarshalled, cbSrc, ArgumentDescriptor);
  }
  virtual ~Buffer_t() {
    if (m_pLocal != NULL) Free();
  }

  HRESULT Allocate(PVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor) {
    if (m_pLocal != NULL) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
    PVOID local = NULL;
    HRESULT hr = Traits::Alloc(&local, pSrcMarshalled, cbSrc, ArgumentDescriptor);
    if (FAILED(hr)) return hr;
    m_pLocal = local;
    m_pCallerMarshalled = pSrcMarshalled;
    m_cbSize = cbSrc;
    m_ArgumentDescriptor = ArgumentDescriptor;
    return S_OK;
  }
  HRESULT Allocate(PCVOID pSrcMarshalled, DWORD cbSrc, DWORD ArgumentDescriptor) {
    if (ArgumentDescriptor & ARG_O_BIT) return E_ACCESSDENIED;
    return Allocate(const_cast<PVOID>(pSrcMarshalled), cbSrc, ArgumentDescriptor);
  }

  HRESULT Free() {
    if (m_pLocal == NULL) return HRESULT_FROM_WIN32(ERROR_ALREADY_EXISTS);
    HRESULT hr = Traits::Free(m_pLocal, m_pCallerMarshalled, m_cbSize, m_ArgumentDescriptor);
    m_pLocal = NULL;
    m_pCallerMarshalled = NULL;
    m_cbSize = 0;
    m_ArgumentDescriptor = 0;
    return hr;
  }

  HRESULT Flush() {
    if (m_pLocal == NULL) return HRESULT_FROM_WIN32(ERROR_INVALID_PARAMETER);
    return Traits::Flush(m_pLocal, m_pCallerMarshalled, m_cbSize, m_ArgumentDescriptor);
  }

  LPVOID ptr() const { return m_pLocal; }
  DWORD size() const { return m_pLocal != NULL ? m_cbSize : 0; }

private:
  Buffer_t(const Buffer_t &);
  Buffer_t &operator=(const Buffer_t &);
  PVOID m_pLocal;
  PVOID m_pCallerMarshalled;
  DWORD m_cbSize;
  DWORD m_ArgumentDescriptor;
};

struct DuplicateTraits_t {
  static HRESULT Alloc(PVOID *ppLocal, PVOID pSrc, DWORD cb, DWORD desc) { return CeAllocDuplicateBuffer(ppLocal, pSrc, cb, desc); }
  static HRESULT Free(PVOID pLocal, PVOID pSrc, DWORD cb, DWORD desc) { return CeFreeDuplicateBuffer(pLocal, pSrc, cb, desc); }
  // marshal.hpp does not copy back a duplicate before it is freed.
  static HRESULT Flush(PVOID, PVOID, DWORD, DWORD) { return HRESULT_FROM_WIN32(ERROR_NOT_SUPPORTED); }
};

struct AsyncTraits_t {
  static HRESULT Alloc(PVOID *ppLocal, PVOID pSrc, DWORD cb, DWORD desc) { return CeAllocAsynchronousBuffer(ppLocal, pSrc, cb, desc); }
  static HRESULT Free(PVOID pLocal, PVOID pSrc, DWORD cb, DWORD desc) { return CeFreeAsynchronousBuffer(pLocal, pSrc, cb, desc); }
  static HRESULT Flush(PVOID pLocal, PVOID pSrc, DWORD cb, DWORD desc) { return CeFlushAsynchronousBuffer(pLocal, pSrc, NULL, cb, desc); }
};

} // namespace detail
} // namespace marshal
} // namespace ce

typedef ce::marshal::detail::Buffer_t<ce::marshal::detail::DuplicateTraits_t> DuplicatedBuffer_t;
// Kernel mode only (marshal.hpp): in a udevice the asynchronous "copy" is the same pointer, gone with the call.
typedef ce::marshal::detail::Buffer_t<ce::marshal::detail::AsyncTraits_t> AsynchronousBuffer_t;

#endif
