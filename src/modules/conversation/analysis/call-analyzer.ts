import type { TranscriptSegment } from '../transcripts/transcript.types.js';
import { countWords } from '../transcripts/word-count.js';
import type { CallAnalysis, SpeakerStats } from './analysis.types.js';
import {
  longest,
  monologues,
  patience,
  speakerSwitches,
  talkSeconds,
} from './conversation-flow.js';
import { countFillers } from './filler-words.js';
import { topKeywords, wordFrequencies } from './keywords.js';
import { round2, roundShares, topCounts } from './numbers.js';
import {
  sentimentLabel,
  sentimentScore,
  tallySentiment,
  type SentimentTally,
} from './sentiment-score.js';
import { detectAgent } from './speaker-roles.js';
import { extractiveSummary, type SummaryCandidate } from './summary.js';
import { contentWords, isQuestion, splitSentences } from './text-features.js';

export interface AnalyzeCallOptions {
  /** The uploader's name for the team member on the call, to tell which speaker is the agent. */
  userName?: string | null;
  /** The recording's duration; the last segment's end when absent. */
  durationSeconds?: number | null;
}

const TOP_FILLER_WORDS = 5;

/** What one segment contributes, worked out once. */
interface SegmentFeatures {
  segment: TranscriptSegment;
  words: number;
  questions: number;
  fillers: Map<string, number>;
  sentiment: SentimentTally;
  sentences: SummaryCandidate[];
}

function featuresOf(segment: TranscriptSegment): SegmentFeatures {
  const sentences = splitSentences(segment.text).map((text) => ({
    text,
    words: contentWords(text),
  }));
  return {
    segment,
    words: countWords(segment.text),
    questions: sentences.filter((sentence) => isQuestion(sentence.text)).length,
    fillers: countFillers(segment.text),
    sentiment: tallySentiment(segment.text),
    sentences,
  };
}

function perMinute(count: number, seconds: number): number | null {
  return seconds > 0 ? round2((count * 60) / seconds) : null;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function mergeCounts(maps: Iterable<Map<string, number>>): Map<string, number> {
  const merged = new Map<string, number>();
  for (const map of maps) {
    for (const [key, count] of map) merged.set(key, (merged.get(key) ?? 0) + count);
  }
  return merged;
}

/**
 * Computes the call's analysis from its transcript (see README, "Call analysis metrics"). Pure and
 * deterministic: the same segments and options always give the same result. Segments may come in
 * any order. The parser never yields an empty transcript, so no segments is a programming error.
 */
export function analyzeCall(
  segments: readonly TranscriptSegment[],
  options: AnalyzeCallOptions = {},
): CallAnalysis {
  if (segments.length === 0) {
    throw new RangeError('analyzeCall needs at least one transcript segment');
  }
  const ordered = [...segments].sort((a, b) => a.start - b.start || a.end - b.end);
  const { detection, agentSpeaker, agents } = detectAgent(ordered, options.userName);
  const isAgent = (speaker: string) => agents.has(speaker);
  const given = options.durationSeconds;
  const duration =
    typeof given === 'number' && Number.isFinite(given) && given > 0
      ? given
      : ordered.reduce((last, segment) => Math.max(last, segment.end), 0);

  const features = ordered.map(featuresOf);
  const bySpeaker = new Map<string, SegmentFeatures[]>();
  for (const feature of features) {
    const list = bySpeaker.get(feature.segment.speaker) ?? [];
    list.push(feature);
    bySpeaker.set(feature.segment.speaker, list);
  }
  const talk = [...bySpeaker.values()].map((own) => talkSeconds(own.map((f) => f.segment)));
  const ratios = roundShares(talk);

  const speakers: SpeakerStats[] = [...bySpeaker].map(([name, own], i) => {
    const words = sum(own.map((f) => f.words));
    return {
      speaker: name,
      role: isAgent(name) ? 'agent' : 'customer',
      talk_seconds: round2(talk[i]),
      talk_ratio: ratios[i],
      words,
      words_per_minute: perMinute(words, talk[i]),
      questions: sum(own.map((f) => f.questions)),
      filler_words: sum(own.flatMap((f) => [...f.fillers.values()])),
      sentiment: sentimentScore(own.map((f) => f.sentiment)),
    };
  });

  const agentFeatures = features.filter((f) => isAgent(f.segment.speaker));
  const customerFeatures = features.filter((f) => !isAgent(f.segment.speaker));
  const runs = monologues(ordered);
  const fillers = mergeCounts(features.map((f) => f.fillers));
  const sentences = features.flatMap((f) => f.sentences);
  const frequencies = wordFrequencies(sentences.flatMap((sentence) => sentence.words));
  const overall = sentimentScore(features.map((f) => f.sentiment));

  return {
    agent_detection: detection,
    agent_speaker: agentSpeaker,
    duration_seconds: round2(duration),
    speakers,
    agent_talk_ratio: round2(
      sum(speakers.filter((s) => s.role === 'agent').map((s) => s.talk_ratio)),
    ),
    // A rep metric (Gong's "longest monologue"): the agent's, beside the customer's longest story.
    longest_monologue: longest(runs.filter((run) => isAgent(run.speaker))),
    longest_customer_story: longest(runs.filter((run) => !isAgent(run.speaker))),
    interactivity: perMinute(speakerSwitches(ordered), duration) ?? 0,
    patience_seconds: patience(ordered, isAgent),
    questions: {
      agent: sum(agentFeatures.map((f) => f.questions)),
      customer: sum(customerFeatures.map((f) => f.questions)),
    },
    words_per_minute: perMinute(sum(features.map((f) => f.words)), sum(talk)),
    filler_words: {
      total: sum(fillers.values()),
      per_minute: perMinute(sum(fillers.values()), duration),
      top: topCounts(fillers, TOP_FILLER_WORDS).map(([word, count]) => ({ word, count })),
    },
    sentiment: {
      overall,
      agent: sentimentScore(agentFeatures.map((f) => f.sentiment)),
      customer:
        customerFeatures.length > 0
          ? sentimentScore(customerFeatures.map((f) => f.sentiment))
          : null,
      label: sentimentLabel(overall),
    },
    keywords: topKeywords(frequencies),
    summary: extractiveSummary(sentences, frequencies),
  };
}
