import type { components } from '../../generated/openapi.js';

/** The response schemas of openapi.yaml, for typing what leaves the API. */
export type Schemas = components['schemas'];
