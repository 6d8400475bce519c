import type { SpeakerRole } from '../transcripts/transcript.types.js';

/**
 * The analysis stored with a call (JSONB, snake_case as it leaves the API).
 * Every metric is defined once in README.md ("Call analysis metrics") and in
 * openapi.yaml (components.schemas.CallAnalysis); keep the three in step.
 */
export interface SpeakerStats {
  speaker: string;
  role: SpeakerRole;
  talk_seconds: number;
  talk_ratio: number;
  words: number;
  words_per_minute: number | null;
  questions: number;
  filler_words: number;
  sentiment: number;
}

export interface Monologue {
  speaker: string;
  seconds: number;
  start: number;
  end: number;
}

export interface CallAnalysis {
  /** How the agent speaker was chosen: transcript roles, the uploader's user_name, or the first speaker. */
  agent_detection: 'transcript_role' | 'user_name' | 'first_speaker';
  agent_speaker: string;
  duration_seconds: number;
  speakers: SpeakerStats[];
  agent_talk_ratio: number;
  longest_monologue: Monologue | null;
  longest_customer_story: Monologue | null;
  interactivity: number;
  patience_seconds: number | null;
  questions: { agent: number; customer: number };
  words_per_minute: number | null;
  filler_words: {
    total: number;
    per_minute: number | null;
    top: { word: string; count: number }[];
  };
  sentiment: {
    overall: number;
    agent: number;
    customer: number | null;
    label: 'positive' | 'neutral' | 'negative';
  };
  keywords: { keyword: string; count: number }[];
  summary: string;
}
