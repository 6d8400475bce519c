import type { SpeakerRole, TranscriptSegment } from '../transcripts/transcript.types.js';
import { analyzeCall } from './call-analyzer.js';

const sut = analyzeCall;

function seg(
  speaker: string,
  start: number,
  end: number,
  text: string,
  role: SpeakerRole | null = null,
): TranscriptSegment {
  return { speaker, role, start, end, text };
}

const words = (word: string, count: number) => Array<string>(count).fill(word).join(' ');

describe(analyzeCall.name, () => {
  describe('agent detection', () => {
    it('takes the agent from transcript roles, before the user name', () => {
      const result = sut(
        [
          seg('Dana', 0, 1, 'Hello.', 'customer'),
          seg('Sam', 1, 2, 'Hi, Harbor Lending.', 'agent'),
          seg('Kim', 2, 3, 'And Kim from underwriting.', 'agent'),
        ],
        { userName: 'Dana' },
      );

      expect(result.agent_detection).toBe('transcript_role');
      expect(result.agent_speaker).toBe('Sam');
      expect(result.speakers.map((s) => [s.speaker, s.role])).toEqual([
        ['Dana', 'customer'],
        ['Sam', 'agent'],
        ['Kim', 'agent'],
      ]);
    });

    it('matches the user name ignoring case and spacing', () => {
      const result = sut([seg('Sam Lee', 0, 1, 'Hello?'), seg('dana reyes', 1, 2, 'Hi Sam.')], {
        userName: ' Dana  Reyes ',
      });

      expect([result.agent_detection, result.agent_speaker]).toEqual(['user_name', 'dana reyes']);
    });

    it('matches the first name when no speaker has the full name', () => {
      const result = sut([seg('Sam', 0, 1, 'Hello?'), seg('Dana', 1, 2, 'Hi Sam.')], {
        userName: 'Dana Reyes',
      });

      expect([result.agent_detection, result.agent_speaker]).toEqual(['user_name', 'Dana']);
    });

    it('falls back to the first speaker when the user name matches nobody', () => {
      const result = sut([seg('Sam', 0, 1, 'Hello?'), seg('Dana', 1, 2, 'Hi Sam.')], {
        userName: 'Alex Kim',
      });

      expect([result.agent_detection, result.agent_speaker]).toEqual(['first_speaker', 'Sam']);
      expect(result.speakers.map((s) => s.role)).toEqual(['agent', 'customer']);
    });

    it('does not pick a speaker the transcript marks as customer', () => {
      const result = sut(
        [seg('Sam', 0, 1, 'Hello?', 'customer'), seg('Dana', 1, 2, 'Hi Sam.')],
        {},
      );

      expect([result.agent_detection, result.agent_speaker]).toEqual(['first_speaker', 'Dana']);
    });
  });

  describe('talk time and talk ratio', () => {
    it('merges overlapping segments of one speaker and shares the total', () => {
      // A: 0–10 ∪ 5–12 = 12 s; B: 6 s; C: 2 s; total 20 s → 0.6, 0.3, 0.1.
      const result = sut([
        seg('A', 0, 10, 'One.'),
        seg('A', 5, 12, 'Two.'),
        seg('B', 12, 18, 'Three.'),
        seg('C', 18, 20, 'Four.'),
      ]);

      expect(result.speakers.map((s) => [s.talk_seconds, s.talk_ratio])).toEqual([
        [12, 0.6],
        [6, 0.3],
        [2, 0.1],
      ]);
      expect(result.agent_talk_ratio).toBe(0.6);
    });

    it('rounds ratios so that they still add up to 1', () => {
      // Thirds: 33 hundredths each and one left over, which goes to the first speaker.
      const result = sut([
        seg('A', 0, 1, 'One.'),
        seg('B', 1, 2, 'Two.'),
        seg('C', 2, 3, 'Three.'),
      ]);

      expect(result.speakers.map((s) => s.talk_ratio)).toEqual([0.34, 0.33, 0.33]);
    });
  });

  describe('monologues, interactivity and duration', () => {
    // Runs: A 0–9 (pause 0.5 s joins), B 9–13, A 13–23 (a pause of exactly 5 s joins),
    // A 29–37 (a 6 s pause starts a new run). Speaker switches: A→B at 9, B→A at 13 = 2.
    const call = [
      seg('A', 0, 4, 'Thanks for calling.'),
      seg('A', 4.5, 9, 'How can I help?'),
      seg('B', 9, 10, 'Well.'),
      seg('B', 10, 13, 'It is about my escrow.'),
      seg('A', 13, 15, 'Let me look.'),
      seg('A', 20, 23, 'Found it.'),
      seg('A', 29, 37, 'Your escrow payment went up with the tax bill.'),
    ];

    it('finds the longest monologue and the longest customer story', () => {
      const result = sut(call);

      expect(result.longest_monologue).toEqual({
        speaker: 'A',
        seconds: 10,
        start: 13,
        end: 23,
      });
      expect(result.longest_customer_story).toEqual({
        speaker: 'B',
        seconds: 4,
        start: 9,
        end: 13,
      });
    });

    it("reports the agent's longest monologue even when a customer spoke longer", () => {
      // A (the first speaker, so the agent) talks 0–5; B tells a story 5–35.
      const result = sut([
        seg('A', 0, 5, 'Tell me about it.'),
        seg('B', 5, 35, 'It all began last spring.'),
      ]);

      expect(result.longest_monologue).toEqual({ speaker: 'A', seconds: 5, start: 0, end: 5 });
      expect(result.longest_customer_story).toEqual({
        speaker: 'B',
        seconds: 30,
        start: 5,
        end: 35,
      });
    });

    it('counts speaker switches per minute of the given duration', () => {
      // 2 switches in 120 s = 1 a minute.
      const result = sut(call, { durationSeconds: 120 });

      expect([result.duration_seconds, result.interactivity]).toEqual([120, 1]);
    });

    it('uses the last segment end as duration when none is given', () => {
      // 2 switches in 37 s = 3.243… a minute.
      const result = sut(call, { durationSeconds: null });

      expect([result.duration_seconds, result.interactivity]).toEqual([37, 3.24]);
    });

    it('takes the latest end, not the end of the last segment to start', () => {
      const result = sut([seg('A', 0, 50, 'A long one.'), seg('B', 10, 20, 'Mm.')]);

      expect(result.duration_seconds).toBe(50);
    });
  });

  describe('patience', () => {
    it('averages the pauses before the agent answers a customer, overlaps as 0', () => {
      // Customer→agent pauses: 9.5−8 = 1.5, 14.5−15 → 0, 20−18 = 2; B→B is not counted.
      // (1.5 + 0 + 2) / 3 = 1.1666… → 1.17.
      const result = sut([
        seg('A', 0, 5, 'Hi, this is Dana.'),
        seg('B', 6, 8, 'Hi Dana.'),
        seg('A', 9.5, 12, 'Is now a good time?'),
        seg('B', 12, 15, 'Yes, go ahead.'),
        seg('A', 14.5, 16, 'Great.'),
        seg('B', 16, 17, 'One thing.'),
        seg('B', 17, 18, 'The fees.'),
        seg('A', 20, 21, 'Sure.'),
      ]);

      expect(result.patience_seconds).toBe(1.17);
    });

    it('is null when the agent never follows a customer', () => {
      const result = sut([seg('A', 0, 5, 'Hi, this is Dana.'), seg('B', 6, 8, 'Bye.')]);

      expect(result.patience_seconds).toBeNull();
    });
  });

  describe('questions', () => {
    it('counts sentences ending in "?" for agent and customer', () => {
      // Agent: "Do you have a minute?" and "What is your current rate?" in one segment, and
      // "Mr. Lee, can we talk about the 6.5% rate?" (no break at "Mr." or "6.5") = 3.
      // Customer: "Is that fixed?!" and "What about the term (and the APR?)" = 2; "How long
      // does it take." has no question mark and does not count.
      const result = sut([
        seg('Agent', 0, 5, 'Do you have a minute? Great. What is your current rate?', 'agent'),
        seg('Customer', 5, 6, 'Is that fixed?!', 'customer'),
        seg('Agent', 6, 9, 'Mr. Lee, can we talk about the 6.5% rate?', 'agent'),
        seg(
          'Customer',
          9,
          12,
          'How long does it take. What about the term (and the APR?)',
          'customer',
        ),
      ]);

      expect(result.questions).toEqual({ agent: 3, customer: 2 });
      expect(result.speakers.map((s) => s.questions)).toEqual([3, 2]);
    });
  });

  describe('words per minute', () => {
    it('divides words by talk time, per speaker and overall', () => {
      // Agent 40 words in 20 s = 120 wpm; customer 30 words in 10 s = 180; overall 70 in 30 s = 140.
      const result = sut([seg('A', 0, 20, words('rate', 40)), seg('B', 20, 30, words('term', 30))]);

      expect(result.speakers.map((s) => [s.words, s.words_per_minute])).toEqual([
        [40, 120],
        [30, 180],
      ]);
      expect(result.words_per_minute).toBe(140);
    });

    it('counts tokens holding a letter or digit as words', () => {
      // We, don't, do, FHA, only, 6.5%, fixed = 7; the dash is no word.
      const result = sut([seg('A', 0, 60, 'We don’t do FHA — only 6.5% fixed.')]);

      expect(result.speakers[0].words).toBe(7);
    });
  });

  describe('filler words', () => {
    it('counts listed fillers and their drawn-out spellings, per speaker and in total', () => {
      // Agent: um, you know, uh, basically = 4.
      // Customer: um (ummm), i mean, hmm, kind of, actually = 5; not "uh-huh", not "like".
      // Top 5 by count, then alphabetically: um 2, actually, basically, hmm, i mean.
      const result = sut(
        [
          seg('A', 0, 10, 'Um, so, you know, the rate is, uh, basically fixed.'),
          seg('B', 10, 20, 'Ummm I mean, hmm, uh-huh, I kind of like it, actually.'),
        ],
        { durationSeconds: 60 },
      );

      expect(result.speakers.map((s) => s.filler_words)).toEqual([4, 5]);
      expect(result.filler_words).toEqual({
        total: 9,
        per_minute: 9,
        top: [
          { word: 'um', count: 2 },
          { word: 'actually', count: 1 },
          { word: 'basically', count: 1 },
          { word: 'hmm', count: 1 },
          { word: 'i mean', count: 1 },
        ],
      });
    });
  });

  describe('sentiment', () => {
    it('averages AFINN points over words, per speaker and overall', () => {
      // Agent: great (+3) over 5 words = 0.6.
      // Customer: "not good" (−3) and terrible (−3) over 9 words = −0.666… → −0.67.
      // Overall: −3 over 14 words = −0.214… → −0.21, negative.
      const result = sut([
        seg('A', 0, 5, 'This is a great rate.'),
        seg('B', 5, 10, 'That is not good and the fees are terrible.'),
      ]);

      expect(result.sentiment).toEqual({
        overall: -0.21,
        agent: 0.6,
        customer: -0.67,
        label: 'negative',
      });
      expect(result.speakers.map((s) => s.sentiment)).toEqual([0.6, -0.67]);
    });

    it('clamps to [-1, 1] and labels by the ±0.05 thresholds', () => {
      // "Great!" is +3 over 1 word, clamped to 1. good (+3) over 60 words = 0.05: neutral;
      // over 50 words = 0.06: positive.
      const neutral = `good ${words('escrow', 59)}`;
      const positive = `good ${words('escrow', 49)}`;

      expect(sut([seg('A', 0, 1, 'Great!')]).sentiment).toMatchObject({
        overall: 1,
        label: 'positive',
      });
      expect(sut([seg('A', 0, 1, neutral)]).sentiment).toMatchObject({
        overall: 0.05,
        label: 'neutral',
      });
      expect(sut([seg('A', 0, 1, positive)]).sentiment).toMatchObject({
        overall: 0.06,
        label: 'positive',
      });
    });
  });

  describe('keywords', () => {
    it('ranks content words said at least twice by count, then alphabetically', () => {
      // credit 3, rate 3, score 3, closing 2, costs 2, loan 2 ("loan's" counts as loan);
      // refinance, depends, better, gets, lower, fine, term, amount once; the rest are stop words.
      const result = sut([
        seg(
          'A',
          0,
          10,
          'The refinance rate depends on your credit score. A better credit score gets a lower rate.',
        ),
        seg('B', 10, 20, 'My credit score is fine, so what rate and what closing costs?'),
        seg('B', 20, 25, "Closing costs matter to me. The loan's term and the loan amount."),
      ]);

      expect(result.keywords).toEqual([
        { keyword: 'credit', count: 3 },
        { keyword: 'rate', count: 3 },
        { keyword: 'score', count: 3 },
        { keyword: 'closing', count: 2 },
        { keyword: 'costs', count: 2 },
        { keyword: 'loan', count: 2 },
      ]);
    });

    it('keeps the top ten and skips short words and numbers', () => {
      const topics = [
        'appraisal',
        'balance',
        'closing',
        'deposit',
        'escrow',
        'fees',
        'grant',
        'hazard',
        'insurance',
        'jumbo',
        'kitchen',
        'lender',
      ];
      const text = `${topics.join(' ')} ${topics.join(' ')} ok ok 401k 401k`;

      expect(sut([seg('A', 0, 60, text)]).keywords).toEqual(
        topics.slice(0, 10).map((keyword) => ({ keyword, count: 2 })),
      );
    });
  });

  describe('summary', () => {
    it('picks the three sentences richest in frequent words and keeps them in call order', () => {
      // Frequencies: refinance 3, rate 3, lock 3, others once. Scores (distinct words):
      // "Hello there." 0; "…refinance application." 1+3+1 = 5; "The refinance rate is lower this
      // week." 3+3+1+1 = 8; "Okay." 0; "Can we lock the refinance rate today?" 3+3+3+1 = 10;
      // "Yes, lock the rate." 3+3 = 6; "…send the lock confirmation by email." 1+3+1+1 = 6 (ties
      // with the earlier one, which wins).
      const result = sut([
        seg('A', 0, 5, "Hello there. I'm calling about your refinance application."),
        seg('A', 5, 10, 'The refinance rate is lower this week.'),
        seg('B', 10, 11, 'Okay.'),
        seg('A', 11, 14, 'Can we lock the refinance rate today?'),
        seg('B', 14, 16, 'Yes, lock the rate.'),
        seg('A', 16, 20, 'Great, I will send the lock confirmation by email.'),
      ]);

      expect(result.summary).toBe(
        'The refinance rate is lower this week. Can we lock the refinance rate today? Yes, lock the rate.',
      );
    });

    it('skips sentences that would take it past 500 characters', () => {
      // escrow×40 (280 chars, score 40) is chosen; appraisal×30 (300 chars, score 30) would make
      // 581 and is skipped; the 29-character closing sentence (score 4) fits.
      const escrow = `${words('escrow', 40)}.`;
      const appraisal = `${words('appraisal', 30)}.`;
      const result = sut([
        seg('A', 0, 5, 'Closing costs are due Friday.'),
        seg('A', 5, 100, escrow),
        seg('B', 100, 200, appraisal),
      ]);

      expect(result.summary).toBe(`Closing costs are due Friday. ${escrow}`);
    });

    it('cuts a sentence too long on its own at a word', () => {
      // 120 × "appraisal" is 1 199 characters.
      const result = sut([seg('A', 0, 60, words('appraisal', 120))]);

      expect(result.summary.length).toBeLessThanOrEqual(500);
      expect(result.summary).toMatch(/^(appraisal )+appraisal…$/);
    });

    it('is empty when no sentence has a content word', () => {
      expect(sut([seg('A', 0, 1, 'Okay. Yes.'), seg('B', 1, 2, 'Thanks!')]).summary).toBe('');
    });
  });

  describe('calls with one speaker', () => {
    it('reports the speaker as agent and leaves customer metrics empty', () => {
      const result = sut([
        seg('Speaker 1', 0, 5, 'Welcome to the rate update.'),
        seg('Speaker 1', 6, 10, 'Rates rose today?'),
      ]);

      expect(result).toMatchObject({
        agent_detection: 'first_speaker',
        agent_speaker: 'Speaker 1',
        agent_talk_ratio: 1,
        longest_customer_story: null,
        patience_seconds: null,
        interactivity: 0,
        questions: { agent: 1, customer: 0 },
        sentiment: { customer: null },
      });
      expect(result.speakers).toHaveLength(1);
    });
  });

  it('gives the same result whatever the order of the segments', () => {
    const call = [
      seg('A', 0, 4, 'Hi, about your refinance rate?'),
      seg('B', 4, 6, 'Um, yes, the rate.'),
      seg('A', 6, 9, 'We can lock the refinance rate today.'),
    ];

    expect(sut([...call].reverse(), { userName: 'A' })).toEqual(sut(call, { userName: 'A' }));
  });

  it('refuses a transcript without segments', () => {
    expect(() => sut([])).toThrow(RangeError);
  });
});
