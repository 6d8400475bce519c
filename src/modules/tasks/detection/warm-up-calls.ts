import type { TranscriptSegment } from '../../conversation/index.js';
import type { ExtractionContext } from '../../extraction/index.js';

type Turn = [speaker: string, text: string];

function call(turns: Turn[]): { segments: TranscriptSegment[]; context: ExtractionContext } {
  return {
    segments: turns.map(([speaker, text], i) => ({
      speaker,
      role: null,
      start: i * 9,
      end: i * 9 + 8,
      text,
    })),
    context: {
      startedAt: new Date('2026-03-02T15:00:00Z'),
      agentSpeaker: turns[0]![0],
      defaultRegion: 'US',
    },
  };
}

/**
 * Two made-up calls, a refinance and a software sale, with what the readers look for: names
 * and introductions, companies, amounts, rates, dates and times, a phone number, written and
 * spoken e-mail addresses, a street address, questions, and promises. A reading thread reads
 * them as it starts (see `transcriptReadingWork`), so V8 has compiled the readers' hot paths
 * through compromise, chrono and libphonenumber-js before the first call arrives.
 */
export const WARM_UP_CALLS = [
  call([
    [
      'Lena Ortiz',
      'Good morning, you have reached Bayside Mortgage, this is Lena. How can I help?',
    ],
    [
      'Victor Nguyen',
      'Hi Lena, my name is Victor Nguyen. I want to refinance my home at 118 Pine Avenue, Denver, Colorado 80203.',
    ],
    ['Lena Ortiz', 'Sure. What is the current balance, and what rate are you paying now?'],
    [
      'Victor Nguyen',
      'We owe about $312,500 at 6.75 percent, and the house was appraised at five hundred thousand dollars in January.',
    ],
    ['Lena Ortiz', 'Is it a thirty year fixed, or an adjustable loan?'],
    [
      'Victor Nguyen',
      "It's a 30-year fixed. My wife Grace and I earn around $140,000 a year together.",
    ],
    [
      'Lena Ortiz',
      "Great, that helps. I'll run the numbers tonight and I'll email you two options by Wednesday, okay?",
    ],
    [
      'Victor Nguyen',
      'Perfect. You can reach me at (303) 555-0147 or victor dot nguyen at gmail dot com.',
    ],
    [
      'Lena Ortiz',
      'Thanks. Let me send you the document list, and we will schedule the appraisal for March 12th.',
    ],
    ['Victor Nguyen', 'Sounds good, talk to you next week. Thanks, Lena.'],
  ]),
  call([
    [
      'Omar Haddad',
      "Hey Claire, it's Omar Haddad from Northwind Software, following up on last Tuesday's demo.",
    ],
    [
      'Claire Dubois',
      'Hi Omar. We liked it, but our budget for the quarter is tight, about $18,000 for forty seats.',
    ],
    ['Omar Haddad', 'Understood. Would an annual plan with a 15% discount work for your team?'],
    [
      'Claire Dubois',
      'Maybe. Our CFO, Daniel Brooks, has to sign off, and he is out until Monday the 9th.',
    ],
    [
      'Omar Haddad',
      "No problem. I'll put together a quote and I'm going to send it to claire.dubois@acmelogistics.com tomorrow.",
    ],
    [
      'Claire Dubois',
      'Could you also include the onboarding costs? Call me at 415-555-0199 if anything is unclear.',
    ],
    [
      'Omar Haddad',
      'Of course. We will set up a call with Daniel next Thursday at 2pm, and I will bring the security review.',
    ],
    ['Claire Dubois', 'Great, thanks Omar. Have a good weekend.'],
  ]),
];

/** How many times a starting thread reads `WARM_UP_CALLS`. */
export const WARM_UP_ROUNDS = 20;
