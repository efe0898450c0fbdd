// One remembered page lookup: which entry page `vpn` reached for code in a given mode with a given user space
// loaded. It stays right until some page table changes which entry it holds for a page (pageTableEdits counts every
// such change); an entry's protection changes in place, so a remembered entry shows a new protection at once.
import type { AddressSpace } from './address-space.js'
import { PAGE_SHIFT } from './layout.js'
import { pageTableEdits, type PageEntry } from './page-table.js'

export class LookupCache {
  private vpn = -1
  private km = false
  private space: AddressSpace | null = null
  private entry: PageEntry | null = null
  private edits = -1

  /** The remembered entry for `addr`, or null when this cache does not know it. */
  get(addr: number, km: boolean, space: AddressSpace | null): PageEntry | null {
    return addr >>> PAGE_SHIFT === this.vpn && km === this.km && space === this.space && this.edits === pageTableEdits.count ? this.entry : null
  }

  keep(addr: number, km: boolean, space: AddressSpace | null, entry: PageEntry): void {
    this.vpn = addr >>> PAGE_SHIFT
    this.km = km
    this.space = space
    this.entry = entry
    this.edits = pageTableEdits.count
  }
}
