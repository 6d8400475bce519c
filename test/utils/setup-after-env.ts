import { jest } from '@jest/globals';

// E2E tests start whole applications on real services; give them room on a 2-core machine.
jest.setTimeout(60_000);
