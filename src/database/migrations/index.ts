import { Initial1795868628373 } from './1795868628373-Initial.js';
import { Calls1795870113305 } from './1795870113305-Calls.js';

/** Every migration in order; after `npm run migration:generate`, add the new class here. */
export const MIGRATIONS = [Initial1795868628373, Calls1795870113305];
