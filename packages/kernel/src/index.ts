export const hello = (): string => "kernel"
