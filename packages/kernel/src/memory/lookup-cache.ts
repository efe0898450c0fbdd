// One remembered page lookup: which entry page `vpn` reached for code in a given mode with a given user space
// loaded, for one kind of access (a read or a write). It stays right until some page table changes which entry it
// holds for a page (pageTableEdits counts every such change); an entry's protection changes in place, so the
// remembered entry is handed out only while its protection still allows the access.
import type { AddressSpace } from './address-space.js'
import { PAGE_SHIFT } from './layout.js'
import { pageTableEdits, type PageEntry } from './page-table.js'
import { ACCESS_READ, ACCESS_WRITE } from './protection.js'

export class LookupCache {
  private vpn = -1
  private km = false
  private space: AddressSpace | null = null
  private entry: PageEntry | null = null
  private edits = -1
  /** The bit of PageEntry.allow the access needs in the remembered mode. */
  private need = 0

  constructor(private readonly write: boolean) {}

  /** The remembered entry for `addr` when it still allows the access, or null. */
  get(addr: number, km: boolean, space: AddressSpace | null): PageEntry | null {
    return addr >>> PAGE_SHIFT === this.vpn && km === this.km && space === this.space && this.edits === pageTableEdits.count && (this.entry!.allow & this.need) !== 0
      ? this.entry
      : null
  }

  keep(addr: number, km: boolean, space: AddressSpace | null, entry: PageEntry): void {
    this.vpn = addr >>> PAGE_SHIFT
    this.km = km
    this.space = space
    this.entry = entry
    this.edits = pageTableEdits.count
    this.need = (this.write ? ACCESS_WRITE : ACCESS_READ) << (km ? 0 : 2)
  }
}
