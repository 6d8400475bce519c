import type { SpeakerRole } from '../../conversation/index.js';

export interface CommitmentContext {
  /** The call's `started_at`: "by Friday" is the Friday after it, in UTC. */
  startedAt: Date;
  /** Segments whose `speaker` equals this are the agent's; every other speaker is the customer. */
  agentSpeaker: string;
  /** The call's team member: every detected task is theirs, including follow-ups on the customer's promises. */
  userId: string;
}

/** A task found in a transcript, before it is stored (snake_case, as it leaves the API). */
export interface DetectedTask {
  /** "Send the disclosure", or "Follow up: customer to send their W-2s" for a customer's promise; ≤ 120 characters. */
  title: string;
  description: string;
  /** ISO 8601 UTC; 17:00 UTC on the day named when no time of day was said; `null` without a deadline. */
  due_at: string | null;
  assignee_user_id: string;
  source: {
    speaker: string;
    role: SpeakerRole;
    /** The sentence holding the promise. */
    quote: string;
    /** Seconds from the start of the call. */
    start: number;
    segment_index: number;
  };
  /** `<segment_index>:<title-slug>`: the same transcript always yields the same fingerprints, so a retried job can upsert. */
  fingerprint: string;
}
