import { test, expect } from 'vitest'
import { hello } from '@cedk/kernel'
test('resolves the source export', () => { expect(hello()).toBe('kernel') })
