import type {
  ChecklistItem,
  ChecklistRule,
  VersionedChecklist,
} from '../checklists/checklist.types.js';
import { AGENT, CUSTOMER, buildAnalysis, segment, speakerStats } from '../testing/call.factory.js';
import type { QualityOverride } from './quality-result.types.js';
import {
  QualityItemNotFoundError,
  applyOverride,
  reapplyOverrides,
  recomputeScore,
  scoreCall,
} from './quality-scorer.js';

function item(id: string, weight: number, rule: ChecklistRule, autoFail = false): ChecklistItem {
  return { id, name: id, description: '', weight, auto_fail: autoFail, rule };
}

function checklistOf(...items: ChecklistItem[]): VersionedChecklist {
  return { id: 'checklist-1', version: 3, items };
}

const transcript = [
  segment(AGENT, 0, 6, 'Hi Tom, this is Sarah from Acme Lending.'),
  segment(CUSTOMER, 6, 9, 'Hi Sarah. Can you guarantee approval?'),
  segment(AGENT, 9, 17, "We can't guarantee approval. What are you looking to finance?"),
  segment(CUSTOMER, 17, 27, 'A house by spring. My name is Tom Baker.'),
  segment(AGENT, 27, 35, "Great. I'll send you a checklist and schedule a follow up."),
];

const override: QualityOverride = {
  passed: true,
  note: 'Disclosure was given by the IVR before the agent joined',
  by_key_id: 'key-1',
  at: '2025-03-01T10:00:00.000Z',
};

describe(scoreCall.name, () => {
  const analysis = buildAnalysis();

  it('keeps the checklist id and version', () => {
    const sut = scoreCall(checklistOf(), { segments: transcript, analysis });

    expect(sut).toMatchObject({ checklist_id: 'checklist-1', checklist_version: 3, items: [] });
  });

  describe('phrase_present', () => {
    it('passes when the agent says a phrase, with the matching segment as evidence', () => {
      const sut = scoreCall(
        checklistOf(
          item('intro', 10, {
            type: 'phrase_present',
            speaker: 'agent',
            phrases: ['this is * from'],
          }),
        ),
        { segments: transcript, analysis },
      );

      // 10 of 10 applicable points
      expect(sut).toMatchObject({
        score: 100,
        passed_items: 1,
        failed_items: 0,
        auto_failed: false,
      });
      expect(sut.items[0]).toEqual({
        item_id: 'intro',
        name: 'intro',
        result: 'passed',
        weight: 10,
        points_earned: 10,
        reason: 'Sarah said "this is Sarah from" at 0:00',
        auto_fail: false,
        evidence: [
          { speaker: AGENT, start: 0, end: 6, quote: 'Hi Tom, this is Sarah from Acme Lending.' },
        ],
        automatic_result: 'passed',
        override: null,
      });
    });

    it('only counts the speaker the rule names', () => {
      const phrases = ['my name is * *'];
      const sut = scoreCall(
        checklistOf(
          item('by-agent', 10, { type: 'phrase_present', speaker: 'agent', phrases }),
          item('by-customer', 20, { type: 'phrase_present', speaker: 'customer', phrases }),
          item('by-anyone', 30, { type: 'phrase_present', phrases }),
        ),
        { segments: transcript, analysis },
      );

      // only Tom said "my name is tom baker": (20 + 30) / (10 + 20 + 30) = 83.33 → 83.3
      expect(sut.items.map((result) => result.result)).toEqual(['failed', 'passed', 'passed']);
      expect(sut.score).toBe(83.3);
      expect(sut.items[0]?.reason).toBe('No listed phrase said by the agent');
      expect(sut.items[1]?.evidence.map((evidence) => evidence.speaker)).toEqual([CUSTOMER]);
    });

    it('counts a match by its estimated time within the segment for within_first_seconds', () => {
      const sut = scoreCall(
        checklistOf(
          item('send', 10, {
            type: 'phrase_present',
            phrases: ["i'll send"],
            within_first_seconds: 30,
          }),
          item('follow-up', 10, {
            type: 'phrase_present',
            phrases: ['follow up'],
            within_first_seconds: 30,
          }),
          item('schedule', 20, {
            type: 'phrase_present',
            phrases: ['schedule'],
            within_first_seconds: 26,
          }),
        ),
        { segments: transcript, analysis },
      );

      // The 27–35 s segment has 11 words: great(0) ill(1) send(2) you a checklist and schedule(7) a follow(9) up.
      // "ill send" at 27 + 8 × 1/11 = 27.7 s ≤ 30 → passed; "follow up" at 27 + 8 × 9/11 = 33.5 s > 30 → failed;
      // the segment starts after 26 s → "schedule" failed. Score 10 / (10 + 10 + 20) = 25.
      expect(sut.items.map((result) => result.result)).toEqual(['passed', 'failed', 'failed']);
      expect(sut.items[1]?.reason).toBe('No listed phrase said by anyone in the first 30 s');
      expect(sut.score).toBe(25);
    });

    it('does not count a negated phrase', () => {
      const sut = scoreCall(
        checklistOf(
          item('disclosure', 10, {
            type: 'phrase_present',
            speaker: 'agent',
            phrases: ['record this call'],
          }),
        ),
        {
          segments: [segment(AGENT, 0, 4, "Just so you know, we don't record this call.")],
          analysis,
        },
      );

      expect(sut.items[0]).toMatchObject({
        result: 'failed',
        reason: 'No listed phrase said by the agent (1 negated mention ignored)',
        evidence: [],
      });
      expect(sut.score).toBe(0);
    });
  });

  describe('phrase_absent', () => {
    it('fails when the phrase is said and shows where', () => {
      const sut = scoreCall(
        checklistOf(
          item('no-promise', 10, {
            type: 'phrase_absent',
            speaker: 'agent',
            phrases: ['guarantee approval'],
          }),
        ),
        { segments: [segment(AGENT, 61, 65, 'Good news: we guarantee approval!')], analysis },
      );

      expect(sut.items[0]).toMatchObject({
        result: 'failed',
        points_earned: 0,
        reason: 'Sarah said "guarantee approval" at 1:01',
        evidence: [
          { speaker: AGENT, start: 61, end: 65, quote: 'Good news: we guarantee approval!' },
        ],
      });
      expect(sut.score).toBe(0);
    });

    it('ignores negated mentions and other speakers', () => {
      const phrases = ['guarantee approval'];
      const sut = scoreCall(
        checklistOf(
          item('agent-only', 10, { type: 'phrase_absent', speaker: 'agent', phrases }),
          item('anyone', 10, { type: 'phrase_absent', speaker: 'any', phrases }),
        ),
        { segments: transcript, analysis },
      );

      // Sarah's "We can't guarantee approval" is negated; Tom's question is a customer's.
      // Only "anyone" fails on Tom's words: 10 / 20 = 50.
      expect(sut.items[0]).toMatchObject({
        result: 'passed',
        reason: 'No listed phrase said by the agent (1 negated mention ignored)',
        evidence: [],
      });
      expect(sut.items[1]).toMatchObject({
        result: 'failed',
        evidence: [
          { speaker: CUSTOMER, start: 6, end: 9, quote: 'Hi Sarah. Can you guarantee approval?' },
        ],
      });
      expect(sut.score).toBe(50);
    });
  });

  describe('min_questions', () => {
    const withQuestions = buildAnalysis({ questions: { agent: 2, customer: 1 } });

    it('compares the analysis question counts with the minimum', () => {
      const sut = scoreCall(
        checklistOf(
          item('two-by-agent', 10, { type: 'min_questions', count: 2, speaker: 'agent' }),
          item('three-by-agent', 20, { type: 'min_questions', count: 3, speaker: 'agent' }),
          item('three-by-anyone', 30, { type: 'min_questions', count: 3, speaker: 'any' }),
        ),
        { segments: transcript, analysis: withQuestions },
      );

      // agent 2 ≥ 2 passed; agent 2 < 3 failed; anyone 2 + 1 = 3 ≥ 3 passed: (10 + 30) / 60 = 66.67 → 66.7
      expect(sut.items.map((result) => result.result)).toEqual(['passed', 'failed', 'passed']);
      expect(sut.items[1]?.reason).toBe('2 questions asked by the agent (minimum 3)');
      expect(sut.items[0]?.evidence.map((evidence) => evidence.start)).toEqual([9]);
      expect(sut.score).toBe(66.7);
    });

    it('is not applicable for a speaker the call does not have', () => {
      const agentOnly = buildAnalysis({ speakers: [speakerStats(AGENT, 'agent')] });
      const sut = scoreCall(
        checklistOf(
          item('customer-questions', 10, { type: 'min_questions', count: 1, speaker: 'customer' }),
        ),
        { segments: transcript, analysis: agentOnly },
      );

      expect(sut.items[0]).toMatchObject({
        result: 'not_applicable',
        reason: 'No speech by a customer',
      });
      expect(sut).toMatchObject({ score: null, not_applicable_items: 1 });
    });
  });

  describe('max_talk_ratio', () => {
    it("compares the agent's talk ratio with the maximum", () => {
      const sut = scoreCall(
        checklistOf(
          item('at-most-65', 10, { type: 'max_talk_ratio', max: 0.65 }),
          item('at-most-50', 30, { type: 'max_talk_ratio', max: 0.5 }),
        ),
        { segments: transcript, analysis: buildAnalysis({ agent_talk_ratio: 0.6 }) },
      );

      // 0.6 ≤ 0.65 passed; 0.6 > 0.5 failed: 10 / 40 = 25
      expect(sut.items.map((result) => result.result)).toEqual(['passed', 'failed']);
      expect(sut.items[0]?.reason).toBe('The agent talked 60% of the time (maximum 65%)');
      expect(sut.score).toBe(25);
    });

    it('is not applicable without talk time', () => {
      const silent = buildAnalysis({
        speakers: [speakerStats(AGENT, 'agent', { talk_seconds: 0 })],
        agent_talk_ratio: 0,
      });
      const sut = scoreCall(checklistOf(item('ratio', 10, { type: 'max_talk_ratio', max: 0.65 })), {
        segments: transcript,
        analysis: silent,
      });

      expect(sut.items[0]?.result).toBe('not_applicable');
    });
  });

  describe('max_monologue_seconds', () => {
    it('compares the longest monologue with the maximum and quotes it', () => {
      const sut = scoreCall(
        checklistOf(
          item('at-most-12', 25, { type: 'max_monologue_seconds', max: 12 }),
          item('at-most-8', 75, { type: 'max_monologue_seconds', max: 8 }),
        ),
        {
          segments: transcript,
          analysis: buildAnalysis({
            longest_monologue: { speaker: CUSTOMER, seconds: 10, start: 17, end: 27 },
          }),
        },
      );

      // 10 s ≤ 12 passed; 10 s > 8 failed: 25 / 100 = 25
      expect(sut.items.map((result) => result.result)).toEqual(['passed', 'failed']);
      expect(sut.items[1]).toMatchObject({
        reason: 'Longest monologue 10 s by Tom at 0:17 (maximum 8 s)',
        evidence: [
          {
            speaker: CUSTOMER,
            start: 17,
            end: 27,
            quote: 'A house by spring. My name is Tom Baker.',
          },
        ],
      });
      expect(sut.score).toBe(25);
    });

    it('is not applicable without a monologue', () => {
      const sut = scoreCall(
        checklistOf(item('monologue', 10, { type: 'max_monologue_seconds', max: 60 })),
        {
          segments: transcript,
          analysis: buildAnalysis({ longest_monologue: null }),
        },
      );

      expect(sut.items[0]?.result).toBe('not_applicable');
    });
  });

  describe('min_sentiment', () => {
    it("compares the speaker's sentiment with the minimum", () => {
      const sut = scoreCall(
        checklistOf(
          item('agent-positive', 10, { type: 'min_sentiment', min: 0.2, speaker: 'agent' }),
          item('overall-not-negative', 20, { type: 'min_sentiment', min: 0, speaker: 'any' }),
          item('customer-not-negative', 40, { type: 'min_sentiment', min: 0, speaker: 'customer' }),
        ),
        {
          segments: transcript,
          analysis: buildAnalysis({
            sentiment: { overall: -0.2, agent: 0.3, customer: null, label: 'negative' },
          }),
        },
      );

      // agent 0.3 ≥ 0.2 passed; overall -0.2 < 0 failed; customer has no sentiment → not applicable.
      // 10 / (10 + 20) = 33.33 → 33.3
      expect(sut.items.map((result) => result.result)).toEqual([
        'passed',
        'failed',
        'not_applicable',
      ]);
      expect(sut.items[1]?.reason).toBe('Sentiment of anyone is -0.2 (minimum 0)');
      expect(sut).toMatchObject({
        score: 33.3,
        passed_items: 1,
        failed_items: 1,
        not_applicable_items: 1,
      });
    });

    it('is not applicable for a speaker the call does not have', () => {
      const sut = scoreCall(
        checklistOf(item('customer', 10, { type: 'min_sentiment', min: 0, speaker: 'customer' })),
        {
          segments: transcript,
          analysis: buildAnalysis({ speakers: [speakerStats(AGENT, 'agent')] }),
        },
      );

      expect(sut.items[0]?.result).toBe('not_applicable');
    });
  });

  describe('auto_fail', () => {
    it('sets the score to 0 when an auto-fail item fails, keeping each item’s points', () => {
      const sut = scoreCall(
        checklistOf(
          item('intro', 95, { type: 'phrase_present', phrases: ['this is * from'] }),
          item('promise', 5, { type: 'phrase_absent', phrases: ['guarantee approval'] }, true),
        ),
        { segments: transcript, analysis },
      );

      // 95 / 100 would be 95, but "promise" is auto-fail and failed (Tom's question, speaker any) → 0
      expect(sut).toMatchObject({ score: 0, auto_failed: true, passed_items: 1, failed_items: 1 });
      expect(sut.items[0]?.points_earned).toBe(95);
    });

    it('does not auto-fail when the auto-fail item passes', () => {
      const sut = scoreCall(
        checklistOf(
          item('intro', 40, { type: 'phrase_present', phrases: ['this is * from'] }),
          item('disclosure', 60, { type: 'phrase_present', phrases: ['recorded line'] }),
          item(
            'promise',
            5,
            { type: 'phrase_absent', speaker: 'agent', phrases: ['guarantee approval'] },
            true,
          ),
        ),
        { segments: transcript, analysis },
      );

      // (40 + 5) / (40 + 60 + 5) = 42.86 → 42.9
      expect(sut).toMatchObject({ score: 42.9, auto_failed: false });
    });
  });

  describe('missing inputs', () => {
    const everyRule = checklistOf(
      item('phrase', 10, { type: 'phrase_present', phrases: ['this is * from'] }),
      item('agent-phrase', 10, {
        type: 'phrase_absent',
        speaker: 'agent',
        phrases: ['guarantee approval'],
      }),
      item('questions', 10, { type: 'min_questions', count: 1, speaker: 'agent' }),
      item('ratio', 10, { type: 'max_talk_ratio', max: 0.65 }),
      item('monologue', 10, { type: 'max_monologue_seconds', max: 60 }),
      item('sentiment', 10, { type: 'min_sentiment', min: 0, speaker: 'agent' }, true),
    );

    it.each([
      ['no transcript', null],
      ['an empty transcript', []],
    ])('makes every item not applicable with %s, and the score null', (_label, segments) => {
      const sut = scoreCall(everyRule, { segments, analysis });

      expect(sut).toMatchObject({
        score: null,
        passed_items: 0,
        failed_items: 0,
        not_applicable_items: 6,
        auto_failed: false,
      });
      expect(new Set(sut.items.map((result) => result.reason))).toEqual(new Set(['No transcript']));
    });

    it('scores only unfiltered phrase rules without an analysis or transcript roles', () => {
      const sut = scoreCall(everyRule, { segments: transcript, analysis: null });

      // "phrase" passed; the rest need the analysis or the speakers' roles: 10 / 10 = 100
      expect(sut.items.map((result) => result.result)).toEqual([
        'passed',
        'not_applicable',
        'not_applicable',
        'not_applicable',
        'not_applicable',
        'not_applicable',
      ]);
      expect(sut.items[1]?.reason).toBe(
        'Speaker roles are unknown (no call analysis and no roles in the transcript)',
      );
      expect(sut.items[2]?.reason).toBe('No call analysis');
      expect(sut).toMatchObject({ score: 100, not_applicable_items: 5 });
    });

    it("falls back to the transcript's roles without an analysis", () => {
      const withRoles = [
        segment('Speaker 0', 0, 5, 'We guarantee approval.', 'agent'),
        segment('Speaker 1', 5, 8, 'Great!', 'customer'),
      ];
      const sut = scoreCall(everyRule, { segments: withRoles, analysis: null });

      expect(sut.items[1]).toMatchObject({
        result: 'failed',
        evidence: [expect.objectContaining({ speaker: 'Speaker 0' })],
      });
    });
  });

  describe('evidence', () => {
    it('trims quotes to 300 characters', () => {
      const text = `${'We talked about the loan. '.repeat(20)}Next step is the appraisal.`;
      const sut = scoreCall(
        checklistOf(item('next', 10, { type: 'phrase_present', phrases: ['next step'] })),
        {
          segments: [segment(AGENT, 0, 60, text)],
          analysis,
        },
      );

      const quote = sut.items[0]?.evidence[0]?.quote ?? '';
      expect(text.length).toBeGreaterThan(300);
      expect(quote).toHaveLength(300);
      expect(quote).toBe(`${text.slice(0, 299)}…`);
    });

    it('keeps at most 10 segments and counts the other matches in the reason', () => {
      const segments = Array.from({ length: 12 }, (_, index) =>
        segment(AGENT, index * 10, index * 10 + 5, 'Next step, then.'),
      );
      const sut = scoreCall(
        checklistOf(item('next', 10, { type: 'phrase_present', phrases: ['next step'] })),
        {
          segments,
          analysis,
        },
      );

      expect(sut.items[0]?.evidence).toHaveLength(10);
      expect(sut.items[0]?.reason).toBe('Sarah said "Next step" at 0:00 (+11 more)');
    });
  });
});

describe(applyOverride.name, () => {
  const analysis = buildAnalysis();
  const checklist = checklistOf(
    item('intro', 30, { type: 'phrase_present', phrases: ['this is * from'] }),
    item('disclosure', 70, { type: 'phrase_present', phrases: ['recorded line'] }),
    item('ratio', 50, { type: 'max_talk_ratio', max: 0.65 }),
  );
  const scored = scoreCall(checklist, {
    segments: transcript,
    analysis: { ...analysis, speakers: [] },
  });

  it('replaces the result, keeps the automatic one and recomputes the score', () => {
    // before: intro passed, disclosure failed, ratio not applicable: 30 / 100 = 30
    expect(scored).toMatchObject({
      score: 30,
      passed_items: 1,
      failed_items: 1,
      not_applicable_items: 1,
    });

    const sut = applyOverride(scored, 'disclosure', override);

    // after: 100 / 100
    expect(sut).toMatchObject({
      score: 100,
      passed_items: 2,
      failed_items: 0,
      not_applicable_items: 1,
    });
    expect(sut.items[1]).toMatchObject({
      result: 'passed',
      automatic_result: 'failed',
      points_earned: 70,
      reason: scored.items[1]?.reason,
      override,
    });
    expect(scored.items[1]?.result).toBe('failed');
  });

  it('can fail a passed item and make a not-applicable item count', () => {
    const failedIntro = applyOverride(scored, 'intro', { ...override, passed: false });
    const sut = applyOverride(failedIntro, 'ratio', override);

    // intro 0, disclosure 0, ratio 50: 50 / (30 + 70 + 50) = 33.33 → 33.3
    expect(sut).toMatchObject({
      score: 33.3,
      passed_items: 1,
      failed_items: 2,
      not_applicable_items: 0,
    });
    expect(sut.items[2]).toMatchObject({
      result: 'passed',
      automatic_result: 'not_applicable',
      points_earned: 50,
    });
  });

  it('replaces an earlier override', () => {
    const sut = applyOverride(applyOverride(scored, 'disclosure', override), 'disclosure', {
      ...override,
      passed: false,
      note: 'Second look: no disclosure',
    });

    expect(sut.items[1]).toMatchObject({
      result: 'failed',
      override: { note: 'Second look: no disclosure' },
    });
    expect(sut.score).toBe(30);
  });

  it('clears an auto-fail', () => {
    const autoFailed = scoreCall(
      checklistOf(
        item('intro', 80, { type: 'phrase_present', phrases: ['this is * from'] }),
        item('promise', 20, { type: 'phrase_absent', phrases: ['guarantee approval'] }, true),
      ),
      { segments: transcript, analysis },
    );

    const sut = applyOverride(autoFailed, 'promise', override);

    // before: auto-failed → 0; after: (80 + 20) / 100 = 100
    expect(autoFailed).toMatchObject({ score: 0, auto_failed: true });
    expect(sut).toMatchObject({ score: 100, auto_failed: false });
  });

  it('throws QualityItemNotFoundError for an unknown item', () => {
    const sut = () => applyOverride(scored, 'no-such-item', override);

    expect(sut).toThrow(QualityItemNotFoundError);
    expect(sut).toThrow('Checklist item "no-such-item" is not part of this quality result');
  });
});

describe(recomputeScore.name, () => {
  it('gives a null score when there are no items', () => {
    expect(recomputeScore([])).toEqual({
      score: null,
      passed_items: 0,
      failed_items: 0,
      not_applicable_items: 0,
      auto_failed: false,
    });
  });

  it('weights over the applicable items only', () => {
    const { items } = scoreCall(
      checklistOf(
        item('passes', 1, { type: 'phrase_present', phrases: ['next step'] }),
        item('fails', 2, { type: 'phrase_present', phrases: ['recorded line'] }),
        item('not-applicable', 1000, { type: 'min_questions', count: 1, speaker: 'customer' }),
      ),
      {
        segments: [segment(AGENT, 0, 3, 'The next step is yours.')],
        analysis: buildAnalysis({ speakers: [] }),
      },
    );

    // 1 / (1 + 2) = 33.33 → 33.3; the weight-1000 item does not count
    expect(recomputeScore(items)).toEqual({
      score: 33.3,
      passed_items: 1,
      failed_items: 1,
      not_applicable_items: 1,
      auto_failed: false,
    });
  });
});

describe(reapplyOverrides.name, () => {
  const analysis = buildAnalysis();
  const intro = item('intro', 30, { type: 'phrase_present', phrases: ['this is * from'] });
  const disclosure = item('disclosure', 70, { type: 'phrase_present', phrases: ['recorded line'] });
  const v1 = checklistOf(intro, disclosure);
  const reviewed = applyOverride(
    applyOverride(scoreCall(v1, { segments: transcript, analysis }), 'disclosure', override),
    'intro',
    { ...override, passed: false, note: 'Wrong company name' },
  );

  it('applies the overrides of items that remain to the new result', () => {
    const v2 = { ...v1, version: 4, items: [intro, { ...disclosure, weight: 20 }] };
    const rescored = scoreCall(v2, { segments: transcript, analysis });

    const sut = reapplyOverrides(rescored, reviewed);

    // intro overridden to failed (0 of 30), disclosure overridden to passed (20): 20 / 50 = 40
    expect(sut).toMatchObject({
      checklist_version: 4,
      score: 40,
      passed_items: 1,
      failed_items: 1,
    });
    expect(
      sut.items.map((i) => [i.item_id, i.result, i.automatic_result, i.override?.note]),
    ).toEqual([
      ['intro', 'failed', 'passed', 'Wrong company name'],
      ['disclosure', 'passed', 'failed', override.note],
    ]);
  });

  it('drops the overrides of items the new checklist no longer has', () => {
    const rescored = scoreCall(checklistOf(intro), { segments: transcript, analysis });

    const sut = reapplyOverrides(rescored, reviewed);

    // only intro remains, with its override: 0 / 30
    expect(sut).toMatchObject({ score: 0, passed_items: 0, failed_items: 1 });
    expect(sut.items).toHaveLength(1);
  });

  it('returns the new result unchanged without a previous one', () => {
    const rescored = scoreCall(v1, { segments: transcript, analysis });

    expect(reapplyOverrides(rescored, null)).toEqual(rescored);
  });
});
