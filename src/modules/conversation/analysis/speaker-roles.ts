import type { TranscriptSegment } from '../transcripts/transcript.types.js';
import type { CallAnalysis } from './analysis.types.js';

export interface AgentDetection {
  detection: CallAnalysis['agent_detection'];
  /** The agent reported as agent_speaker: the first to speak among the agents. */
  agentSpeaker: string;
  /** Every agent speaker: several only when the transcript's roles say so. Others are customers. */
  agents: ReadonlySet<string>;
}

function normalizedName(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function firstName(name: string): string {
  return normalizedName(name).split(' ')[0];
}

/**
 * Which speakers are the agent, in order of preference:
 * 1. transcript_role: every speaker the transcript marks as agent;
 * 2. user_name: the speaker whose name equals the uploader's user_name (case-insensitive), else the
 *    first to speak whose first name equals the user_name's first name ("Sarah" for "Sarah Chen");
 * 3. first_speaker: the first to speak.
 * Speakers the transcript marks as customers are never picked by 2 or 3 unless all are.
 */
export function detectAgent(
  segments: readonly TranscriptSegment[],
  userName: string | null | undefined,
): AgentDetection {
  const speakers = [...new Set(segments.map((segment) => segment.speaker))];
  const byRole = (role: string) =>
    new Set(segments.filter((segment) => segment.role === role).map((segment) => segment.speaker));

  const agents = speakers.filter((speaker) => byRole('agent').has(speaker));
  if (agents.length > 0) {
    return { detection: 'transcript_role', agentSpeaker: agents[0], agents: new Set(agents) };
  }

  const customers = byRole('customer');
  const candidates = speakers.some((speaker) => !customers.has(speaker))
    ? speakers.filter((speaker) => !customers.has(speaker))
    : speakers;
  if (userName && userName.trim() !== '') {
    const matched =
      candidates.find((speaker) => normalizedName(speaker) === normalizedName(userName)) ??
      candidates.find((speaker) => firstName(speaker) === firstName(userName));
    if (matched !== undefined) {
      return { detection: 'user_name', agentSpeaker: matched, agents: new Set([matched]) };
    }
  }
  return {
    detection: 'first_speaker',
    agentSpeaker: candidates[0],
    agents: new Set([candidates[0]]),
  };
}
