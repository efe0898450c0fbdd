// The two ways CE6 runs a driver: inside the kernel (device manager) or in a udevice.exe host behind the reflector.
export type Mode = 'kernel' | 'udevice'

export const MODES: readonly Mode[] = ['kernel', 'udevice']
