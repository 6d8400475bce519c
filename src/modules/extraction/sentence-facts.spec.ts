import { nlp } from './nlp.js';
import { isQuestion } from './sentence-facts.js';

describe(isQuestion.name, () => {
  // isQuestion repeats compromise's question rules with a cheaper clause split; an upgrade of
  // compromise that changed its rules would show here.
  it.each([
    'Is now still a good time',
    'What price range are you looking at',
    'Why are we waiting, I will call them',
    'Do you see it or not',
    'do you think it is ready',
    'does the house need paint',
    'is it cold',
    'Have you got the papers',
    'Must you leave',
    'Anyway the wind blows, is it cold',
    'I will send the disclosure by Friday.',
    'Is this just fantasy...',
    'We looked at the house, and it is nice.',
    "Perfect. I'll send you the checklist by Friday, and I'll pull your credit today.",
    'Thanks for calling, how can I help you today',
  ])('agrees with compromise on %j', (text) => {
    expect(isQuestion(text)).toBe(text.trim().endsWith('?') || nlp(text).questions().found);
  });

  it('reads a statement with a tag question as a statement', () => {
    expect(isQuestion("I'll send it over by Friday, okay?")).toBe(false);
    expect(isQuestion('Can I send it over by Friday, okay?')).toBe(true);
  });
});
