/* How cedk's headers declare an API the machine provides: a wasm import from the DLL that exports it on CE6
 * (coredll, ceddk). The loader binds each import to the kernel's implementation and refuses a module that imports
 * anything it does not provide, naming every missing one. */
#ifndef CEDK_IMPORT_H
#define CEDK_IMPORT_H
#define CEDK_IMPORT(dll, name) __attribute__((import_module(#dll), import_name(#name)))
/* An entry point the device manager calls: exported under its own name (e.g. COM_IOControl). */
#define CEDK_EXPORT(name) __attribute__((export_name(#name)))

/* C++ drivers: the C APIs keep C linkage, and WCHAR is char16_t, the type of a u"" literal (TEXT()) in C++; in C it
 * is unsigned short, the type of a u"" literal in C. Both are 16-bit units with one ABI. */
#ifdef __cplusplus
typedef char16_t cedk_wchar_t;
#define CEDK_EXTERN_C_BEGIN extern "C" {
#define CEDK_EXTERN_C_END }
#else
typedef unsigned short cedk_wchar_t;
#define CEDK_EXTERN_C_BEGIN
#define CEDK_EXTERN_C_END
#endif
#endif
