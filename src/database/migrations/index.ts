import { Initial1795868628373 } from './1795868628373-Initial.js';
import { Calls1795870113305 } from './1795870113305-Calls.js';
import { CallResults1795870302135 } from './1795870302135-CallResults.js';
import { WebhookOutbox1795870340027 } from './1795870340027-WebhookOutbox.js';
import { QualityChecklists1795870631062 } from './1795870631062-QualityChecklists.js';
import { CallDailyRollups1795870721363 } from './1795870721363-CallDailyRollups.js';
import { Contacts1795870735733 } from './1795870735733-Contacts.js';
import { TasksAndCrm1795870801297 } from './1795870801297-TasksAndCrm.js';
import { Webhooks1795870898796 } from './1795870898796-Webhooks.js';
import { WebhookFanOut1795882873011 } from './1795882873011-WebhookFanOut.js';
import { WebhookEventRecipients1795890000000 } from './1795890000000-WebhookEventRecipients.js';

/** Every migration in order; `npm run migration:generate -- <Name>` adds new ones here. */
export const MIGRATIONS = [
  Initial1795868628373,
  Calls1795870113305,
  CallResults1795870302135,
  WebhookOutbox1795870340027,
  QualityChecklists1795870631062,
  CallDailyRollups1795870721363,
  Contacts1795870735733,
  TasksAndCrm1795870801297,
  Webhooks1795870898796,
  WebhookFanOut1795882873011,
  WebhookEventRecipients1795890000000,
];
