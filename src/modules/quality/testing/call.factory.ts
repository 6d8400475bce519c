import type { CallAnalysis, SpeakerStats } from '../../conversation/index.js';
import type { SpeakerRole, TranscriptSegment } from '../../conversation/index.js';

/** Test data for the quality specs: the agent is "Sarah", the customer "Tom". */
export const AGENT = 'Sarah';
export const CUSTOMER = 'Tom';

export function segment(
  speaker: string,
  start: number,
  end: number,
  text: string,
  role: SpeakerRole | null = null,
): TranscriptSegment {
  return { speaker, role, start, end, text };
}

export function speakerStats(
  speaker: string,
  role: SpeakerRole,
  overrides: Partial<SpeakerStats> = {},
): SpeakerStats {
  return {
    speaker,
    role,
    talk_seconds: 30,
    talk_ratio: 0.5,
    words: 80,
    words_per_minute: 160,
    questions: 0,
    filler_words: 0,
    sentiment: 0,
    ...overrides,
  };
}

/** A neutral two-speaker analysis; each spec overrides only the metric it is about. */
export function buildAnalysis(overrides: Partial<CallAnalysis> = {}): CallAnalysis {
  return {
    agent_detection: 'transcript_role',
    agent_speaker: AGENT,
    duration_seconds: 60,
    speakers: [speakerStats(AGENT, 'agent'), speakerStats(CUSTOMER, 'customer')],
    agent_talk_ratio: 0.5,
    longest_monologue: null,
    longest_customer_story: null,
    interactivity: 4,
    patience_seconds: 0.8,
    questions: { agent: 0, customer: 0 },
    words_per_minute: 160,
    filler_words: { total: 0, per_minute: 0, top: [] },
    sentiment: { overall: 0, agent: 0, customer: 0, label: 'neutral' },
    keywords: [],
    summary: '',
    ...overrides,
  };
}
