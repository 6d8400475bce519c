import type { TranscriptSegment } from '../../conversation/index.js';
import { ANALYSIS_HERE_MAX_CHARS, analysisWork } from './analysis.work.js';

const segment = (text: string): TranscriptSegment => ({
  speaker: 'Agent',
  role: null,
  start: 0,
  end: 1,
  text,
});

describe('analysisWork', () => {
  const runsHere = (segments: TranscriptSegment[]) =>
    analysisWork.runsHere!({ segments, options: {} });

  it('keeps a short transcript on the calling thread and sends a longer one to the pool', () => {
    const half = 'x'.repeat(ANALYSIS_HERE_MAX_CHARS / 2);

    expect(
      runsHere([segment('Thanks for calling.'), segment('Hi, I wanted to check my rate.')]),
    ).toBe(true);
    expect(runsHere([segment(half), segment(half)])).toBe(true);
    expect(runsHere([segment(half), segment(half), segment('one more')])).toBe(false);
  });

  it('analyses the same way on either thread', async () => {
    const analyze = await analysisWork.load();
    const segments = [
      segment('Thanks for calling, how can I help?'),
      segment('Just checking my rate.'),
    ];

    expect(analyze({ segments, options: {} })).toMatchObject({
      agent_speaker: 'Agent',
      duration_seconds: 1,
    });
  });
});
