import type { TranscriptSegment } from '../../conversation/index.js';
import { extractCallData } from '../../extraction/index.js';
import { NlpPool } from '../../nlp/nlp-pool.js';
import { detectCommitments } from '../detection/commitment-detector.js';
import { TranscriptReader } from './transcript-reader.js';

const segments: TranscriptSegment[] = [
  {
    speaker: 'Sarah',
    role: null,
    start: 0,
    end: 5,
    text: "I'll send you the disclosure by Friday.",
  },
  { speaker: 'Mike', role: null, start: 5, end: 9, text: 'Thanks.' },
];
const context = {
  startedAt: new Date('2025-03-12T15:00:00Z'),
  agentSpeaker: 'Sarah',
  userId: 'rep-1',
};

describe(TranscriptReader.name, () => {
  let sut: TranscriptReader;

  beforeEach(() => {
    sut = new TranscriptReader(new NlpPool({ workerFile: null, threads: 1, timeoutMs: 1000 }));
  });

  it('finds the tasks on its own when the transcript was not extracted', async () => {
    await expect(sut.detectTasks(segments, context)).resolves.toEqual(
      detectCommitments(segments, context),
    );
  });

  it("hands the tasks found while extracting to the call's tasks step, once", async () => {
    const extraction = { ...context, defaultRegion: 'US' as const, now: context.startedAt };
    await expect(sut.extract(segments, extraction)).resolves.toEqual(
      extractCallData(segments, extraction),
    );
    const found = detectCommitments(segments, context);
    await expect(sut.detectTasks(segments, context)).resolves.toEqual(found);
    // Asked again (a retried step), it reads the transcript once more.
    await expect(sut.detectTasks(segments, context)).resolves.toEqual(found);
    await expect(sut.detectTasks(segments, { ...context, userId: 'rep-2' })).resolves.toMatchObject(
      [{ assignee_user_id: 'rep-2' }],
    );
  });
});
