// The IOCTL description language.
export * from './fields.js'
export * from './pointers.js'
export * from './struct.js'
export * from './codec.js'
export * from './ioctl.js'
