// What the bus driver and its clients call on each other, through function tables (ctx.exportFunctionTable /
// ctx.callFunctionTable). A table pointer is valid only inside the process that exported it: the bus and its
// clients must share one udevice (the same UserProcGroup) or all be in the kernel.

/** sbus.dll's table; its pointer reaches each client as Init's lpvBusContext. */
// Type aliases, not interfaces: exportFunctionTable takes a record of functions.
export type BusTable = {
  /** Read a 16-bit register of the device at `addr`; -1 when no device answers. */
  transfer(addr: number, reg: number): number
  /** A client hands the bus its own table; the bus calls it to sample. Returns a slot for detach. */
  attach(client: number, addr: number): number
  detach(slot: number): void
}

/** Each client's table. */
export type ClientTable = {
  /** One reading in the client's unit (centi-degrees, lux). */
  sample(): number
}
