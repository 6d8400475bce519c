import { Initial1795868628373 } from './1795868628373-Initial.js';
import { Calls1795870113305 } from './1795870113305-Calls.js';
import { CallResults1795870302135 } from './1795870302135-CallResults.js';
import { WebhookOutbox1795870340027 } from './1795870340027-WebhookOutbox.js';

/** Every migration in order; `npm run migration:generate -- <Name>` adds new ones here. */
export const MIGRATIONS = [
  Initial1795868628373,
  Calls1795870113305,
  CallResults1795870302135,
  WebhookOutbox1795870340027,
];
