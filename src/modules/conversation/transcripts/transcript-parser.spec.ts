import { readFileSync } from 'node:fs';
import {
  ACCEPTED_TRANSCRIPT_FORMATS,
  MAX_TRANSCRIPT_SEGMENTS,
  parseTranscript,
  TranscriptFormatError,
} from './transcript-parser.js';
import type { TranscriptSegment } from './transcript.types.js';

const sut = parseTranscript;

function fixture(name: string): string {
  return readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), 'utf8');
}

function thrown(run: () => unknown): TranscriptFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof TranscriptFormatError) return error;
    throw error;
  }
  throw new Error('expected a TranscriptFormatError');
}

type Line = [speaker: string, start: number, end: number, text: string];

const segmentsOf = (lines: Line[]): TranscriptSegment[] =>
  lines.map(([speaker, start, end, text]) => ({ speaker, role: null, start, end, text }));

// The refinance call every fixture holds, as timed in the captions and the JSON fixtures.
const SARAH_1 = 'Hi Mike, this is Sarah Chen from Harbor Lending. Thanks for taking my call.';
const MIKE_1 = 'Hi Sarah. Sure, I was expecting you.';
const SARAH_2 =
  'Great. You asked about refinancing your mortgage. What rate are you paying right now?';
const MIKE_2 = 'Um, about seven point two percent on a thirty year fixed.';
const SARAH_3A =
  'Okay. With your credit score we could likely get you closer to six point one percent.';
const SARAH_3B = 'Would you like me to run the numbers?';
const MIKE_3 = 'Yes, please. That would be great.';
const TIMES: [number, number][] = [
  [0, 4.2],
  [4.8, 7.5],
  [8.1, 13.6],
  [14.9, 19.2],
  [20, 27.5],
  [28.3, 31],
];
const TEXTS = [SARAH_1, MIKE_1, SARAH_2, MIKE_2, `${SARAH_3A} ${SARAH_3B}`, MIKE_3];

function conversation(agent: string, customer: string, endShift = 0): Line[] {
  return TIMES.map(([start, end], i) => [
    i % 2 === 0 ? agent : customer,
    start,
    Math.round((end - endShift) * 1000) / 1000,
    TEXTS[i],
  ]);
}

describe(parseTranscript.name, () => {
  describe('WebVTT', () => {
    it('reads Zoom cues whose text starts with "Name:"', () => {
      const result = sut(fixture('zoom.vtt'));

      expect(result).toEqual({
        format: 'webvtt',
        language: null,
        segments: segmentsOf(conversation('Sarah Chen', 'Mike Torres')),
      });
    });

    it('reads Teams voice tags, joins multi-line cues and decodes character references', () => {
      const result = sut(fixture('teams.vtt'), { filename: 'meeting.vtt' });

      expect(result.format).toBe('webvtt');
      expect(result.segments).toEqual(
        segmentsOf([
          ['Sarah Chen', 0, 4.2, SARAH_1],
          ['Mike Torres (Guest)', 4.8, 7.5, MIKE_1],
          ['Sarah Chen', 8.1, 13.6, SARAH_2],
          ['Mike Torres (Guest)', 14.9, 19.2, MIKE_2],
          ['Sarah Chen', 20, 24.1, SARAH_3A],
          ['Sarah Chen', 24.1, 27.5, 'Would you like me to run the numbers & send a quote?'],
          ['Mike Torres (Guest)', 28.3, 31, MIKE_3],
        ]),
      );
    });

    it('splits a cue with two voices, sharing its time by word count', () => {
      // 4 words for Jane, 2 for Bob over 3 s: Jane gets 4/6 of it (2 s), Bob the rest.
      const vtt = [
        'WEBVTT',
        '',
        '00:00:10.000 --> 00:00:13.000',
        '<v.loud Jane Doe><c.yellow>Can</c> <00:00:10.500>you hear me?</v> <v Bob>Yes, loudly.',
      ].join('\n');

      expect(sut(vtt).segments).toEqual(
        segmentsOf([
          ['Jane Doe', 10, 12, 'Can you hear me?'],
          ['Bob', 12, 13, 'Yes, loudly.'],
        ]),
      );
    });

    it('keeps the previous speaker for cues that name nobody and starts with "Speaker 1"', () => {
      const vtt = [
        'WEBVTT',
        '',
        '00:00.000 --> 00:01.500',
        'Hello?',
        '',
        '00:01.500 --> 00:03.000',
        'Ana: Hi, Ana here.',
        '',
        '00:03.000 --> 00:04.000 align:start position:10%',
        'Sorry, go on.',
      ].join('\n');

      expect(sut(vtt).segments).toEqual(
        segmentsOf([
          ['Speaker 1', 0, 1.5, 'Hello?'],
          ['Ana', 1.5, 3, 'Hi, Ana here.'],
          ['Ana', 3, 4, 'Sorry, go on.'],
        ]),
      );
    });

    it('reads the language header, skips NOTE blocks and accepts a byte order mark and CRLF', () => {
      const vtt = [
        '\uFEFFWEBVTT',
        'Kind: captions',
        'Language: en_us',
        '',
        'NOTE exported by the dialer',
        '',
        '1',
        '00:00:01.250 --> 00:00:02.750',
        'Agent: Good morning.',
      ].join('\r\n');

      expect(sut(vtt)).toEqual({
        format: 'webvtt',
        language: 'en-US',
        segments: [
          { speaker: 'Agent', role: 'agent', start: 1.25, end: 2.75, text: 'Good morning.' },
        ],
      });
    });

    it('takes a header-less cue file for WebVTT when the upload names it so', () => {
      const cues = '1\n00:00:01.500 --> 00:00:02.250\nAna: Hello.\n';

      expect(sut(cues, { contentType: 'text/vtt' }).format).toBe('webvtt');
      expect(sut(cues).format).toBe('srt');
      expect(sut(cues).segments[0]).toMatchObject({ start: 1.5, end: 2.25 });
    });
  });

  describe('SRT', () => {
    it('reads "Name:" cues with CRLF line ends, strips markup and carries the speaker on', () => {
      const result = sut(fixture('call.srt'), { filename: 'call.srt' });

      expect(result).toEqual({
        format: 'srt',
        language: null,
        segments: segmentsOf([
          ['Sarah Chen', 0, 4.2, SARAH_1],
          ['Mike Torres', 4.8, 7.5, MIKE_1],
          ['Sarah Chen', 8.1, 13.6, SARAH_2],
          ['Mike Torres', 14.9, 19.2, MIKE_2],
          ['Sarah Chen', 20, 24.1, SARAH_3A],
          ['Sarah Chen', 24.1, 27.5, SARAH_3B],
          ['Mike Torres', 28.3, 31, MIKE_3],
        ]),
      });
    });

    it('splits a cue holding a dash dialogue between its two speakers', () => {
      // "Can we lock today?" is 4 words, "Yes we can." 3: 7 s split 4:3.
      const srt =
        '1\n00:00:00,000 --> 00:00:07,000\n- Mike: Can we lock today?\n- Sarah: Yes we can.\n';

      expect(sut(srt).segments).toEqual(
        segmentsOf([
          ['Mike', 0, 4, 'Can we lock today?'],
          ['Sarah', 4, 7, 'Yes we can.'],
        ]),
      );
    });
  });

  describe('plain text', () => {
    it('estimates times from word counts at 150 words per minute (0.4 s a word)', () => {
      // Words per turn: 14, 7, 14 (two lines), 11, 24, 6; each word 0.4 s, turns back to back.
      const result = sut(fixture('call.txt'), { filename: 'call.txt' });

      expect(result).toEqual({
        format: 'plain_text',
        language: null,
        segments: segmentsOf([
          ['Sarah Chen', 0, 5.6, SARAH_1],
          ['Mike Torres', 5.6, 8.4, MIKE_1],
          ['Sarah Chen', 8.4, 14, SARAH_2],
          ['Mike Torres', 14, 18.4, MIKE_2],
          ['Sarah Chen', 18.4, 28, `${SARAH_3A} ${SARAH_3B}`],
          ['Mike Torres', 28, 30.4, MIKE_3],
        ]),
      });
    });

    it('takes roles from role-like labels', () => {
      const result = sut(
        'Agent: Thanks for calling Harbor Lending.\nCaller 2: Hi, about my escrow.\nJo: Hello.',
      );

      expect(result.segments.map((s) => [s.speaker, s.role])).toEqual([
        ['Agent', 'agent'],
        ['Caller 2', 'customer'],
        ['Jo', null],
      ]);
    });
  });

  describe('JSON', () => {
    const ours = segmentsOf(conversation('Sarah Chen', 'Mike Torres')).map((segment, i) => ({
      ...segment,
      role: i % 2 === 0 ? ('agent' as const) : ('customer' as const),
    }));

    it('reads our own segments from a JSON string and from an object alike', () => {
      const text = fixture('aila.json');

      expect(sut(text)).toEqual({ format: 'aila_json', language: 'en', segments: ours });
      expect(sut(JSON.parse(text) as object)).toEqual(sut(text));
    });

    it('reads Deepgram utterances, naming speaker 0 "Speaker 1"', () => {
      expect(sut(fixture('deepgram-utterances.json'))).toEqual({
        format: 'deepgram',
        language: 'en',
        segments: segmentsOf(conversation('Speaker 1', 'Speaker 2')),
      });
    });

    it('groups Deepgram words into turns when there are no utterances', () => {
      // Each fixture turn's last word ends 0.04 s before the utterance did.
      expect(sut(fixture('deepgram-words.json'))).toEqual({
        format: 'deepgram',
        language: 'en',
        segments: segmentsOf(conversation('Speaker 1', 'Speaker 2', 0.04)),
      });
    });

    it('names Deepgram channels when a stereo recording was transcribed per channel', () => {
      const word = (text: string, start: number) => ({
        word: text.toLowerCase(),
        punctuated_word: text,
        start,
        end: start + 0.5,
      });
      const document = {
        results: {
          channels: [
            {
              alternatives: [
                { words: [word('Hello.', 0), word('Rates', 2), word('dropped.', 2.5)] },
              ],
            },
            { alternatives: [{ words: [word('Hi!', 1)] }] },
          ],
        },
      };

      expect(sut(document).segments).toEqual(
        segmentsOf([
          ['Channel 1', 0, 3, 'Hello. Rates dropped.'],
          ['Channel 2', 1, 1.5, 'Hi!'],
        ]),
      );
    });

    it('reads AssemblyAI utterances in milliseconds as seconds', () => {
      expect(sut(fixture('assemblyai.json'))).toEqual({
        format: 'assemblyai',
        language: 'en-US',
        segments: segmentsOf(conversation('Speaker A', 'Speaker B')),
      });
    });

    it('groups AssemblyAI words when speaker labels were off', () => {
      const document = {
        utterances: null,
        words: [
          { text: 'Good', start: 120, end: 400, speaker: null },
          { text: 'morning.', start: 420, end: 910, speaker: null },
        ],
      };

      expect(sut(document).segments).toEqual(
        segmentsOf([['Speaker 1', 0.12, 0.91, 'Good morning.']]),
      );
    });

    it('reads Whisper verbose_json as one unnamed speaker', () => {
      expect(sut(fixture('whisper-verbose.json'))).toEqual({
        format: 'whisper_verbose_json',
        language: 'english',
        segments: conversation('Speaker 1', 'Speaker 1').map(([speaker, start, end, text]) => ({
          speaker,
          role: null,
          start,
          end,
          text,
        })),
      });
    });
  });

  describe('normalisation', () => {
    it('sorts by start, collapses whitespace, drops empty text and rounds to milliseconds', () => {
      const result = sut({
        segments: [
          { speaker: ' Mike  Torres ', start: 5.0004, end: 6.2, text: '  Sure,\n\tgo   ahead. ' },
          { speaker: 'Sarah', role: 'agent', start: 1, end: 4.123456, text: 'Shall I start?' },
          { speaker: 'Sarah', role: 'agent', start: 4.5, end: 4.9, text: '   ' },
        ],
      });

      expect(result.segments).toEqual([
        { speaker: 'Sarah', role: 'agent', start: 1, end: 4.123, text: 'Shall I start?' },
        { speaker: 'Mike Torres', role: null, start: 5, end: 6.2, text: 'Sure, go ahead.' },
      ]);
    });

    it('accepts UTF-8 bytes', () => {
      expect(sut(Buffer.from('Ana: ¿Qué tal?', 'utf8')).segments[0].text).toBe('¿Qué tal?');
    });
  });

  describe('unreadable input', () => {
    it.each([
      ['empty', ''],
      ['blank', ' \n\t\n'],
      [
        'binary',
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]).toString(
          'latin1',
        ),
      ],
      [
        'prose without speaker labels',
        'Lorem ipsum dolor sit amet.\nConsectetur: adipiscing elit.',
      ],
      ['JSON of an unknown shape', '{"call": {"notes": "hello"}}'],
      ['a JSON array', '[1, 2, 3]'],
      ['broken JSON', '{"segments": [{"speaker": "Ana"'],
      ['a JSON number', 42],
      ['an object of an unknown shape', { transcript: 'Ana: hi' }],
    ])('rejects %s, saying every accepted format', (_case, input) => {
      const error = thrown(() => sut(input as string));

      expect(error.expected).toBe(ACCEPTED_TRANSCRIPT_FORMATS);
      expect(error.message).toMatch(/transcript/i);
    });

    it('rejects bytes that are not UTF-8', () => {
      expect(thrown(() => sut(Buffer.from([0x41, 0x3a, 0x20, 0xff, 0xfe]))).message).toBe(
        'The transcript is not UTF-8 text',
      );
    });

    const segment = { speaker: 'Ana', start: 0, end: 1, text: 'Hi' };
    it.each([
      [
        'a time that is not a number',
        { segments: [{ ...segment, start: 'zero' }] },
        'segments[0].start must be a non-negative number',
        /^\{"segments"/,
      ],
      [
        'an empty speaker',
        { segments: [segment, { ...segment, speaker: '' }] },
        'segments[1].speaker must not be empty',
        /^\{"segments"/,
      ],
      [
        'an unknown role',
        { segments: [{ ...segment, role: 'boss' }] },
        'segments[0].role must be "agent", "customer" or null',
        /^\{"segments"/,
      ],
      [
        'a segment ending before it starts',
        { segments: [{ ...segment, start: 3 }] },
        'segments[0] ends before it starts',
        /^\{"segments"/,
      ],
      ['no segments', { segments: [] }, 'The transcript contains no speech', /^\{"segments"/],
      [
        'Whisper segments without text',
        { segments: [{ start: 0, end: 1 }] },
        'segments[0].text must be a string',
        /^OpenAI Whisper/,
      ],
      [
        'a Deepgram utterance without transcript',
        { results: { utterances: [{ speaker: 0, start: 0, end: 1 }] } },
        'results.utterances[0].transcript must be a string',
        /^Deepgram/,
      ],
      [
        'a negative Deepgram speaker',
        { results: { utterances: [{ speaker: -1, start: 0, end: 1, transcript: 'x' }] } },
        'results.utterances[0].speaker must be a non-negative integer',
        /^Deepgram/,
      ],
      [
        'an AssemblyAI utterance without text',
        { utterances: [{ speaker: 'A', start: 0, end: 1000 }] },
        'utterances[0].text must be a string',
        /^AssemblyAI/,
      ],
    ])(
      'rejects %s, naming the path and the shape of that format',
      (_case, input, message, expected) => {
        const error = thrown(() => sut(input));

        expect(error.message).toBe(message);
        expect(error.expected).toMatch(expected);
      },
    );

    it('rejects cues it cannot read, describing WebVTT', () => {
      const error = thrown(() => sut('WEBVTT\n\n1\n00:00:aa.000 --> 00:00:02.000\nAna: Hi.\n'));

      expect(error.message).toBe(
        'The WebVTT cues could not be read (cue 1 has an unreadable timing)',
      );
      expect(error.expected).toMatch(/^WebVTT/);
    });

    it('rejects a cue that ends before it starts', () => {
      const error = thrown(() => sut('1\n00:00:05,000 --> 00:00:02,000\nAna: Hi.\n'));

      expect(error.message).toBe('Cue 1 ends before it starts');
      expect(error.expected).toMatch(/^SRT/);
    });

    it(`rejects more than ${MAX_TRANSCRIPT_SEGMENTS} segments`, () => {
      const segments = (count: number) =>
        Array.from({ length: count }, (_, i) => ({
          speaker: 'Ana',
          start: i,
          end: i + 1,
          text: 'ok',
        }));

      expect(sut({ segments: segments(MAX_TRANSCRIPT_SEGMENTS) }).segments).toHaveLength(
        MAX_TRANSCRIPT_SEGMENTS,
      );
      expect(thrown(() => sut({ segments: segments(MAX_TRANSCRIPT_SEGMENTS + 1) })).expected).toBe(
        'a transcript of at most 20000 segments and 5 MiB of text',
      );
    });

    it('rejects more than 5 MiB of text', () => {
      const text = 'a'.repeat(5 * 1024 * 1024 + 1);

      expect(thrown(() => sut(`Ana: ${text}`)).message).toBe(
        'The transcript has more than 5 MiB of text',
      );
    });
  });
});
