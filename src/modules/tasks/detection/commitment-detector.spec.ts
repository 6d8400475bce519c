import type { TranscriptSegment } from '../../conversation/index.js';
import { detectCommitments } from './commitment-detector.js';
import type { CommitmentContext } from './task-detection.types.js';

/** A Wednesday, 15:00 UTC: "Friday" is 2025-03-14, "Monday" 2025-03-17. */
const ctx: CommitmentContext = {
  startedAt: new Date('2025-03-12T15:00:00Z'),
  agentSpeaker: 'Sarah',
  userId: '7b0a3c1e-5d2f-4e8a-9c6b-1f2e3d4c5b6a',
};

function transcript(lines: [who: 'A' | 'C', text: string][]): TranscriptSegment[] {
  return lines.map(([who, text], i) => ({
    speaker: who === 'A' ? 'Sarah' : 'Michael',
    role: null,
    start: i * 15,
    end: i * 15 + 14,
    text,
  }));
}

function titlesAndDue(lines: [who: 'A' | 'C', text: string][]): [string, string | null][] {
  return detectCommitments(transcript(lines), ctx).map((task) => [task.title, task.due_at]);
}

describe(detectCommitments.name, () => {
  const sut = detectCommitments;

  it("turns the agent's promise into a task for the call's user", () => {
    const [task, ...rest] = sut(
      transcript([
        ['C', 'Thanks.'],
        ['A', "Perfect. I'll send you the disclosure by Friday."],
      ]),
      ctx,
    );

    expect(rest).toEqual([]);
    expect(task).toEqual({
      title: 'Send the disclosure',
      description: 'Agent Sarah committed at 0:15: "I\'ll send you the disclosure by Friday."',
      due_at: '2025-03-14T17:00:00.000Z',
      assignee_user_id: ctx.userId,
      source: {
        speaker: 'Sarah',
        role: 'agent',
        quote: "I'll send you the disclosure by Friday.",
        start: 15,
        segment_index: 1,
      },
      fingerprint: '1:send-the-disclosure',
    });
  });

  it("turns the customer's promise into a follow-up for the agent", () => {
    const [task] = sut(
      transcript([['C', "Sure, I'll send you my W-2s and my last two pay stubs tonight."]]),
      ctx,
    );

    expect(task).toMatchObject({
      title: 'Follow up: customer to send their W-2s and their last two pay stubs',
      due_at: '2025-03-12T22:00:00.000Z',
      assignee_user_id: ctx.userId,
      source: { speaker: 'Michael', role: 'customer', segment_index: 0 },
    });
  });

  it('finds the forms of a promise and the verbs joined to one', () => {
    expect(
      titlesAndDue([
        [
          'A',
          "Okay so I will email you the disclosure, and then I'll call you Thursday at 10am to walk through it.",
        ],
        ['A', "I'll just go ahead and lock the rate today."],
        ['A', "I'm going to go ahead and order the title work."],
        ['A', 'Let me get you a quote.'],
        ['A', "I'm gonna pull your credit and send you the pre-approval letter."],
        ['A', "I'll be sending the docs tonight. I'll try to get it to you by Monday."],
        ['A', "We'll schedule the appraisal for next week."],
        ['A', "I'll let you know tomorrow. I'll get back to you by end of day."],
        ['A', "I'll send over the checklist once I get back to the office, okay?"],
        ['A', "I'll go over the numbers with you Monday."],
        ['C', "We'll send you the signed contract tomorrow. I'll call you back next week."],
      ]),
    ).toEqual([
      ['Email the disclosure', null],
      ['Call the customer to walk through it', '2025-03-13T10:00:00.000Z'],
      ['Lock the rate', '2025-03-12T17:00:00.000Z'],
      ['Order the title work', null],
      ['Get a quote', null],
      ["Pull the customer's credit", null],
      ['Send the pre-approval letter', null],
      ['Send the docs', '2025-03-12T22:00:00.000Z'],
      ['Get it to the customer', '2025-03-17T17:00:00.000Z'],
      ['Schedule the appraisal', '2025-03-19T17:00:00.000Z'],
      ['Let the customer know', '2025-03-13T17:00:00.000Z'],
      ['Get back to the customer', '2025-03-12T17:00:00.000Z'],
      ['Send over the checklist', null],
      ['Go over the numbers with the customer', '2025-03-17T17:00:00.000Z'],
      ['Follow up: customer to send the signed contract', '2025-03-13T17:00:00.000Z'],
      ['Follow up: customer to call back', '2025-03-19T17:00:00.000Z'],
    ]);
  });

  it('makes no task from questions', () => {
    expect(
      titlesAndDue([
        ['A', 'Will you send me the forms?'],
        ['C', 'Can I send the documents by fax?'],
        ['A', "So you'll send the pay stubs?"],
        ['C', "I'll send it Friday?"],
      ]),
    ).toEqual([]);
  });

  it('makes no task from hypotheticals', () => {
    expect(
      titlesAndDue([
        ['C', "If the numbers work, I'll lock it in."],
        ['C', "Maybe I'll call the title company."],
        ['A', "I'll probably call you Monday."],
        ['C', 'I would send the W-2 if I had it.'],
        ['A', 'I could email it to you.'],
        ['A', 'I might stop by the open house.'],
      ]),
    ).toEqual([]);
  });

  it('makes no task from negations, but keeps the promise that follows one', () => {
    expect(
      titlesAndDue([
        ['C', "I'll never miss a payment."],
        ['C', 'I will not sign that.'],
        ['A', "I won't be able to get the appraisal done by Friday, but I'll send it Monday."],
      ]),
    ).toEqual([['Send it', '2025-03-17T17:00:00.000Z']]);
  });

  it('makes no task from states and requests', () => {
    expect(
      titlesAndDue([
        ['C', "I'll have to talk to my wife first."],
        ['C', "I'll be there."],
        ['A', 'Let me know if you have questions.'],
        ['A', "Let me check. I'll need a minute."],
      ]),
    ).toEqual([]);
  });

  it('makes one task of a promise repeated, with the deadline given last', () => {
    const tasks = sut(
      transcript([
        ['A', "I'll send the disclosure."],
        ['C', 'Okay.'],
        ['A', "Again, I'll send the disclosure by Monday."],
      ]),
      ctx,
    );

    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      title: 'Send the disclosure',
      due_at: '2025-03-17T17:00:00.000Z',
      fingerprint: '0:send-the-disclosure',
    });
  });

  it('yields the same fingerprints for the same transcript', () => {
    const lines: [who: 'A' | 'C', text: string][] = [
      ['A', "I'll order the appraisal tomorrow."],
      ['C', "I'll email you my bank statements."],
    ];

    const first = sut(transcript(lines), ctx).map((task) => task.fingerprint);
    const second = sut(transcript(lines), ctx).map((task) => task.fingerprint);

    expect(first).toEqual([
      '0:order-the-appraisal',
      '1:follow-up-customer-to-email-their-bank-statements',
    ]);
    expect(second).toEqual(first);
  });

  it('keeps a title within 120 characters', () => {
    const [task] = sut(
      transcript([
        [
          'A',
          "I'll send the signed purchase agreement, the seller's disclosure statement, the homeowner's insurance binder, the HOA documents and the final walkthrough checklist to the title company.",
        ],
      ]),
      ctx,
    );

    expect(task!.title.length).toBeLessThanOrEqual(120);
    expect(task!.title).toMatch(/^Send the signed purchase agreement, .+…$/);
  });
});
