import { defineConfig } from 'vitest/config'
import { cedkPlugin } from '@cedk/conformance/reporter'

export default defineConfig({
  plugins: [cedkPlugin({ seed: 1 })],
  test: {
    include: ['spec/**/*.test.ts'],
  },
})
