import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { ReplaceChecklistDto, toChecklistItems } from '../dto/replace-checklist.dto.js';
import { scoreCall } from '../scoring/quality-scorer.js';
import { AGENT, CUSTOMER, buildAnalysis, segment } from '../testing/call.factory.js';
import { DEFAULT_CHECKLIST } from './default-checklist.js';

const checklist = { id: 'default', version: 1, items: DEFAULT_CHECKLIST.items };

const goodCall = [
  segment(AGENT, 0, 7, 'Hi, is this Tom? Hi Tom, this is Sarah Lee with Bright Home Lending.'),
  segment(CUSTOMER, 7, 9, 'Yes, this is Tom.'),
  segment(
    AGENT,
    9,
    16,
    'Great. Before we start, just so you know, this call is recorded for quality and training purposes.',
  ),
  segment(CUSTOMER, 16, 18, 'Sure, no problem.'),
  segment(AGENT, 18, 24, 'So what made you start looking at refinancing now?'),
  segment(
    CUSTOMER,
    24,
    40,
    'Rates came down a bit and we want to lower our monthly payment. We also want to take some cash out for a kitchen remodel.',
  ),
  segment(AGENT, 40, 45, 'Makes sense. How much do you think the home is worth today?'),
  segment(CUSTOMER, 45, 50, 'Probably around four hundred thousand.'),
  segment(AGENT, 50, 55, "And what's the balance left on your current mortgage?"),
  segment(CUSTOMER, 55, 60, 'About two hundred and ten thousand.'),
  segment(
    AGENT,
    60,
    70,
    "Okay. I can't guarantee approval or a specific rate until underwriting reviews your file, but you look like a good fit.",
  ),
  segment(CUSTOMER, 70, 74, "That's fair."),
  segment(
    AGENT,
    74,
    84,
    "The next step is a quick application. I'll send you the link by email today and schedule a call with our loan officer for Thursday.",
  ),
  segment(CUSTOMER, 84, 88, 'Sounds good, thank you.'),
];

// Agent talk: 7 + 7 + 6 + 5 + 5 + 10 + 10 = 50 s of 88 s → 0.568; four agent questions.
const goodAnalysis = buildAnalysis({
  duration_seconds: 88,
  agent_talk_ratio: 0.568,
  questions: { agent: 4, customer: 0 },
});

describe('DEFAULT_CHECKLIST', () => {
  it('has weights that sum to 100', () => {
    expect(DEFAULT_CHECKLIST.items.reduce((sum, item) => sum + item.weight, 0)).toBe(100);
  });

  it('is a valid PUT /v1/quality/checklist body that stores unchanged', async () => {
    const dto = plainToInstance(ReplaceChecklistDto, structuredClone(DEFAULT_CHECKLIST));

    expect(await validate(dto)).toEqual([]);
    expect(toChecklistItems(dto.items)).toEqual(DEFAULT_CHECKLIST.items);
  });

  it('gives a good call full marks', () => {
    const sut = scoreCall(checklist, { segments: goodCall, analysis: goodAnalysis });

    // every item passes: 100 / 100
    expect(sut.items.map((item) => [item.item_id, item.result])).toEqual([
      ['agent-introduction', 'passed'],
      ['recording-disclosure', 'passed'],
      ['discovery-questions', 'passed'],
      ['next-steps', 'passed'],
      ['agent-talk-ratio', 'passed'],
      ['no-prohibited-promises', 'passed'],
    ]);
    expect(sut).toMatchObject({ score: 100, passed_items: 6, failed_items: 0, auto_failed: false });
    expect(sut.items[5]?.reason).toBe(
      'No listed phrase said by the agent (1 negated mention ignored)',
    );
  });

  it('scores a good call with a prohibited promise 0', () => {
    const promise = segment(
      AGENT,
      60,
      70,
      "Honestly, with numbers like that you're guaranteed approval, and I can lock a guaranteed rate of six percent today.",
    );
    const segments = goodCall.map((line) => (line.start === 60 ? promise : line));

    const sut = scoreCall(checklist, { segments, analysis: goodAnalysis });

    // five items pass (85 points of 100) but the failed auto-fail item sets the score to 0
    // three prohibited phrases matched: "you're guaranteed", "guaranteed approval", "guaranteed rate"
    expect(sut).toMatchObject({ score: 0, auto_failed: true, passed_items: 5, failed_items: 1 });
    expect(sut.items[5]).toMatchObject({
      result: 'failed',
      reason: `Sarah said "you're guaranteed" at 1:00 (+2 more)`,
      evidence: [{ speaker: AGENT, start: 60, end: 70, quote: promise.text }],
    });
  });

  it('scores a poor call by the items it meets', () => {
    const segments = [
      segment(
        AGENT,
        0,
        12,
        "Hey there! So I'm calling because we have some amazing new loan options this month.",
      ),
      segment(CUSTOMER, 12, 14, 'Okay. Who is this?'),
      segment(
        AGENT,
        14,
        40,
        "Just the lending team. Rates are really low right now and a lot of folks are refinancing, so it's a great time to get in before they go up again.",
      ),
      segment(CUSTOMER, 40, 44, 'Is this call being recorded?'),
      segment(AGENT, 44, 50, "No, this call isn't being recorded. Do you own your home?"),
      segment(CUSTOMER, 50, 53, 'Yes.'),
      segment(AGENT, 53, 60, "Great, I'll follow up with some numbers."),
    ];
    // Agent talk: 12 + 26 + 6 + 7 = 51 s of 60 s → 0.85; one agent question.
    const analysis = buildAnalysis({
      agent_talk_ratio: 0.85,
      questions: { agent: 1, customer: 2 },
    });

    const sut = scoreCall(checklist, { segments, analysis });

    // passed: next-steps 20 + no-prohibited-promises 15 = 35 of 100
    expect(sut.items.map((item) => [item.item_id, item.result])).toEqual([
      ['agent-introduction', 'failed'],
      ['recording-disclosure', 'failed'],
      ['discovery-questions', 'failed'],
      ['next-steps', 'passed'],
      ['agent-talk-ratio', 'failed'],
      ['no-prohibited-promises', 'passed'],
    ]);
    expect(sut).toMatchObject({ score: 35, passed_items: 2, failed_items: 4, auto_failed: false });
    expect(sut.items[1]?.reason).toBe(
      'No listed phrase said by the agent in the first 60 s (1 negated mention ignored)',
    );
  });
});
