import type { TranscriptSegment } from '../../conversation/index.js';
import { extractCallData, type ExtractionContext } from '../../extraction/index.js';
import { detectCommitments } from './commitment-detector.js';
import { readTranscript } from './transcript-reading.js';

const ctx: ExtractionContext = {
  startedAt: new Date('2025-03-12T15:00:00Z'),
  agentSpeaker: 'Sarah Chen',
  defaultRegion: 'US',
  now: new Date('2025-03-12T16:00:00Z'),
};

function transcript(...texts: string[]): TranscriptSegment[] {
  return texts.map((text, i) => ({
    speaker: i % 2 === 0 ? 'Sarah Chen' : 'Mike Torres',
    role: null,
    start: i * 10,
    end: i * 10 + 9,
    text,
  }));
}

describe(readTranscript.name, () => {
  const sut = readTranscript;

  it.each([
    [
      'a sales call',
      transcript(
        'Hi, this is Sarah Chen from Harbor Lending. Is now still a good time?',
        'The asking price is $450,000 and we have about $90,000 saved.',
        "Perfect. I'll send you the pre-approval checklist by Friday, and I'll pull your credit today.",
        "Sounds good. I'll email you my pay stubs tonight at mike.torres@example.com.",
        "I'll call you Monday at 10am to walk through the rate options, okay?",
      ),
    ],
    // Extraction reads "$1,850 per month" and tags introduced names: task detection reads its own parse.
    [
      'sentences extraction reads differently',
      transcript(
        "This is Will, I'll send you the $1,850/month estimate tomorrow.",
        "My wife Anna and I'll get you the W-2s by Friday.",
        'Can I send you the forms by Monday',
      ),
    ],
  ])('finds what extraction and task detection find on their own: %s', (_, segments) => {
    const reading = sut(segments, ctx);

    expect(reading.extraction).toEqual(extractCallData(segments, ctx));
    expect(reading.tasks).toEqual(detectCommitments(segments, { ...ctx, userId: '' }));
    expect(reading.tasks.length).toBeGreaterThan(0);
  });
});
