// The few WebAssembly JS API types the C-driver loader uses. Node 20 has the API, but @types/node 20 does not
// declare it and the project does not load the DOM library.
declare global {
  namespace WebAssembly {
    type ImportValue = ((...args: never[]) => unknown) | Memory | Global | Table
    type Imports = Record<string, Record<string, ImportValue>>
    interface ModuleImportDescriptor {
      module: string
      name: string
      kind: 'function' | 'table' | 'memory' | 'global' | 'tag'
    }
    interface ModuleExportDescriptor {
      name: string
      kind: 'function' | 'table' | 'memory' | 'global' | 'tag'
    }
    class Module {
      constructor(bytes: Uint8Array)
      static imports(m: Module): ModuleImportDescriptor[]
      static exports(m: Module): ModuleExportDescriptor[]
      static customSections(m: Module, name: string): ArrayBuffer[]
    }
    type Exports = Record<string, unknown>
    class Instance {
      constructor(m: Module, imports: Imports)
      readonly exports: Record<string, unknown>
    }
    class Memory {
      constructor(d: { initial: number; maximum?: number })
      readonly buffer: ArrayBuffer
      grow(pages: number): number
    }
    class Global {
      value: number
    }
    class Table {
      get(i: number): ((...args: number[]) => unknown) | null
      readonly length: number
    }
    class CompileError extends Error {}
    class LinkError extends Error {}
    class RuntimeError extends Error {}
  }
}
export {}
