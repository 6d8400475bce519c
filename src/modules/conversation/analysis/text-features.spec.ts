import nlp from 'compromise/one';
import { sentencesOf, splitSentences } from './text-features.js';

describe(sentencesOf.name, () => {
  const texts = [
    'Mr. Smith paid $6.50 for it. Then he left...  Did he call back?',
    "I'll send it by Friday, okay? We're done!",
    '  Leading and trailing spaces.   Two spaces between.  ',
    'e.g. this, i.e. that. The U.S.A. rocks! Right?!',
    '“Quoted.” Next (in brackets.) The end',
    'Line one\nLine two.\n\nLine three',
    'Zoë said hi . ok',
    'no punctuation at all',
    '   ',
    '',
  ];

  it.each(texts)('finds the sentences compromise tokenizer finds in %j', (text) => {
    expect(sentencesOf(text)).toEqual(nlp.tokenize(text).out('array'));
  });

  it('answers trimmed sentences in order', () => {
    expect(sentencesOf('  First one.  Second one?  ')).toEqual(['First one.', 'Second one?']);
  });
});

describe(splitSentences.name, () => {
  it('answers an utterance without a sentence break as it is', () => {
    expect(splitSentences('Sounds good')).toEqual(['Sounds good']);
  });

  it('splits an utterance with several sentences', () => {
    expect(splitSentences('Thanks. I will call Monday.')).toEqual([
      'Thanks.',
      'I will call Monday.',
    ]);
  });
});
