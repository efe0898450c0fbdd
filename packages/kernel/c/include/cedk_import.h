/* How cedk's headers declare an API the machine provides: a wasm import from the DLL that exports it on CE6
 * (coredll, ceddk). The loader binds each import to the kernel's implementation and refuses a module that imports
 * anything it does not provide, naming every missing one. */
#ifndef CEDK_IMPORT_H
#define CEDK_IMPORT_H
#define CEDK_IMPORT(dll, name) __attribute__((import_module(#dll), import_name(#name)))
/* An entry point the device manager calls: exported under its own name (e.g. COM_IOControl). */
#define CEDK_EXPORT(name) __attribute__((export_name(#name)))
#endif
