import { defineConfig } from 'vitest/config'
import { CedkReporter } from '@cedk/conformance/reporter'

export default defineConfig({
  test: {
    include: ['spec/**/*.spec.ts'],
    reporters: ['default', new CedkReporter({ seed: 1 })],
  },
})
