/* cedk's strsafe.h: the counted wide-string helpers drivers use (StringCch*W). As in CE6 they are inline code over
 * the C library; results are always NUL-terminated when cchDest > 0. */
#ifndef CEDK_STRSAFE_H
#define CEDK_STRSAFE_H
#include "windows.h"

#define STRSAFE_MAX_CCH 2147483647UL
#define STRSAFE_E_INSUFFICIENT_BUFFER ((HRESULT)0x8007007AL)
#define STRSAFE_E_INVALID_PARAMETER ((HRESULT)0x80070057L)

/* Copy pszSrc into pszDest (cchDest WCHARs with the NUL); truncated to fit, with STRSAFE_E_INSUFFICIENT_BUFFER. */
static inline HRESULT StringCchCopyW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszSrc) {
  size_t i = 0;
  if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
  for (; i + 1 < cchDest && pszSrc[i] != 0; i++) pszDest[i] = pszSrc[i];
  pszDest[i] = 0;
  return pszSrc[i] == 0 ? S_OK : STRSAFE_E_INSUFFICIENT_BUFFER;
}

static inline HRESULT StringCchCatW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszSrc) {
  size_t n = wcsnlen(pszDest, cchDest);
  if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH || n == cchDest) return STRSAFE_E_INVALID_PARAMETER;
  return StringCchCopyW(pszDest + n, cchDest - n, pszSrc);
}

/* The length of psz without its NUL, if it ends within cchMax WCHARs. */
static inline HRESULT StringCchLengthW(LPCWSTR psz, size_t cchMax, size_t *pcchLength) {
  size_t n;
  if (psz == NULL || cchMax > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
  n = wcsnlen(psz, cchMax);
  if (pcchLength != NULL) *pcchLength = n < cchMax ? n : 0;
  return n < cchMax ? S_OK : STRSAFE_E_INVALID_PARAMETER;
}

static inline HRESULT StringCchVPrintfW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszFormat, va_list argList) {
  int n;
  if (cchDest == 0 || cchDest > STRSAFE_MAX_CCH) return STRSAFE_E_INVALID_PARAMETER;
  n = _vsnwprintf(pszDest, cchDest - 1, pszFormat, argList);
  if (n < 0 || (size_t)n == cchDest - 1) pszDest[cchDest - 1] = 0;
  return n < 0 ? STRSAFE_E_INSUFFICIENT_BUFFER : S_OK;
}

static inline HRESULT StringCchPrintfW(LPWSTR pszDest, size_t cchDest, LPCWSTR pszFormat, ...) {
  HRESULT hr;
  va_list args;
  va_start(args, pszFormat);
  hr = StringCchVPrintfW(pszDest, cchDest, pszFormat, args);
  va_end(args);
  return hr;
}
#endif
