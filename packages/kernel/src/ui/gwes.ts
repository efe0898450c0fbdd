// GWES, the windowing subsystem, reduced to what driver tests need: UI calls a user-mode driver or helper makes are
// recorded (a test can assert a message box appeared and what it said) and answered as a user pressing OK would.
// Kernel-mode code has no UI in CE6 (fact sheet §2; SPEC "Decisions": ERROR_NOT_SUPPORTED) — the API layer refuses it.

export interface UiEvent {
  api: string
  process: string
  driver: string
  text: string
  caption: string
  type: number
}

/** MessageBox's answer when a simulated user clicks OK. */
export const IDOK = 1
export const MB_OK = 0

export class Gwes {
  readonly events: UiEvent[] = []
  private readonly windows = new Map<number, string>()
  private nextHwnd = 0x00010010

  record(e: UiEvent): void {
    this.events.push(e)
  }

  createWindow(title: string): number {
    const h = this.nextHwnd
    this.nextHwnd += 0x10
    this.windows.set(h, title)
    return h
  }

  destroyWindow(h: number): boolean {
    return this.windows.delete(h >>> 0)
  }
}
