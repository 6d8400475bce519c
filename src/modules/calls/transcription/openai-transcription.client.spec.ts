import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalHttpServer } from '../../../common/net/testing/local-http-server.js';
import { OpenAiTranscriptionClient } from './openai-transcription.client.js';
import {
  startFakeTranscriptionServer,
  type FakeTranscriptionServer,
} from './testing/fake-openai-transcription-server.js';
import { TranscriptionError, type TranscriptionOptions } from './transcription-provider.js';

/** What OpenAI's whisper-1 answers for `response_format=verbose_json`. */
const verboseJson = {
  task: 'transcribe',
  language: 'english',
  duration: 9.5,
  text: 'Thanks for calling Acme Lending. I would like to refinance my home.',
  segments: [
    {
      id: 0,
      seek: 0,
      start: 0,
      end: 3.2,
      text: ' Thanks for calling Acme Lending.',
      tokens: [50364, 2561],
      temperature: 0,
      avg_logprob: -0.21,
      compression_ratio: 1.1,
      no_speech_prob: 0.01,
    },
    {
      id: 1,
      seek: 0,
      start: 3.6,
      end: 9.5,
      text: ' I would like to refinance my home.',
      tokens: [50544, 286],
      temperature: 0,
      avg_logprob: -0.18,
      compression_ratio: 1.1,
      no_speech_prob: 0.02,
    },
    {
      id: 2,
      seek: 0,
      start: 9.5,
      end: 9.5,
      text: ' ',
      tokens: [],
      temperature: 0,
      avg_logprob: -1,
      compression_ratio: 1,
      no_speech_prob: 0.9,
    },
  ],
};

describe(OpenAiTranscriptionClient.name, () => {
  const apiKey = 'sk-test-0123456789';
  const wav: TranscriptionOptions = { filename: 'call.wav', contentType: 'audio/wav' };
  let server: FakeTranscriptionServer;
  let directory: string;
  let audioPath: string;
  let audio: Buffer;
  let sut: OpenAiTranscriptionClient;

  async function failure(attempt: Promise<unknown>): Promise<TranscriptionError> {
    const error = await attempt.then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(TranscriptionError);
    return error as TranscriptionError;
  }

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'transcription-'));
    audioPath = join(directory, 'recording.bin');
    audio = randomBytes(64 * 1024);
    await writeFile(audioPath, audio);
  });

  beforeEach(async () => {
    server = await startFakeTranscriptionServer({
      apiKey,
      models: ['whisper-1'],
      answer: verboseJson,
    });
    sut = new OpenAiTranscriptionClient({ baseUrl: server.baseUrl, apiKey, model: 'whisper-1' });
  });

  afterEach(() => server.close());

  afterAll(() => rm(directory, { recursive: true, force: true }));

  it('sends the file and parameters the API expects', async () => {
    await sut.transcribe(audioPath, wav);

    expect(server.received).toEqual([
      {
        authorization: `Bearer ${apiKey}`,
        model: 'whisper-1',
        responseFormat: 'verbose_json',
        language: null,
        timestampGranularities: ['segment'],
        filename: 'call.wav',
        fileType: 'audio/wav',
        fileBytes: audio,
      },
    ]);
  });

  it('maps verbose_json segments to one speaker without a role, dropping empty ones', async () => {
    const transcript = await sut.transcribe(audioPath, wav);

    expect(transcript).toEqual({
      format: 'whisper_verbose_json',
      language: 'en',
      segments: [
        {
          speaker: 'Speaker 1',
          role: null,
          start: 0,
          end: 3.2,
          text: 'Thanks for calling Acme Lending.',
        },
        {
          speaker: 'Speaker 1',
          role: null,
          start: 3.6,
          end: 9.5,
          text: 'I would like to refinance my home.',
        },
      ],
    });
  });

  it('sends the language as ISO 639-1, even when given as a full tag', async () => {
    const transcript = await sut.transcribe(audioPath, { ...wav, language: 'es-MX' });

    expect(server.received[0].language).toBe('es');
    expect(transcript.language).toBe('es');
  });

  it('accepts a base URL with a trailing slash', async () => {
    sut = new OpenAiTranscriptionClient({
      baseUrl: `${server.baseUrl}/`,
      apiKey,
      model: 'whisper-1',
    });

    const transcript = await sut.transcribe(audioPath, wav);

    expect(transcript.segments).toHaveLength(2);
  });

  it('sends no Authorization header when no key is configured', async () => {
    await server.close();
    server = await startFakeTranscriptionServer({
      apiKey: null,
      models: ['Systran/faster-whisper-small'],
      answer: { ...verboseJson, language: 'en' },
    });
    sut = new OpenAiTranscriptionClient({
      baseUrl: server.baseUrl,
      apiKey: '',
      model: 'Systran/faster-whisper-small',
    });

    const transcript = await sut.transcribe(audioPath, wav);

    expect(server.received[0].authorization).toBeUndefined();
    expect(transcript.language).toBe('en');
  });

  it('makes one segment of a text-only answer', async () => {
    await server.close();
    server = await startFakeTranscriptionServer({
      apiKey,
      models: ['whisper-1'],
      answer: { text: ' Hello there. ', duration: 2.5 },
    });
    sut = new OpenAiTranscriptionClient({ baseUrl: server.baseUrl, apiKey, model: 'whisper-1' });

    const transcript = await sut.transcribe(audioPath, wav);

    expect(transcript.segments).toEqual([
      { speaker: 'Speaker 1', role: null, start: 0, end: 2.5, text: 'Hello there.' },
    ]);
    expect(transcript.language).toBeNull();
  });

  it('fails permanently on a wrong key', async () => {
    sut = new OpenAiTranscriptionClient({
      baseUrl: server.baseUrl,
      apiKey: 'sk-wrong',
      model: 'whisper-1',
    });

    const error = await failure(sut.transcribe(audioPath, wav));

    expect(error).toMatchObject({ transient: false, status: 401 });
    expect(error.message).toContain('Incorrect API key provided.');
    expect(error.message).not.toContain('sk-wrong');
  });

  it('fails permanently when the API refuses the request', async () => {
    const error = await failure(sut.transcribe(audioPath, { ...wav, filename: 'call.aiff' }));

    expect(error).toMatchObject({ transient: false, status: 400 });
    expect(error.message).toContain('Invalid file format');
  });

  it('fails permanently on an unknown model', async () => {
    sut = new OpenAiTranscriptionClient({ baseUrl: server.baseUrl, apiKey, model: 'whisper-9' });

    const error = await failure(sut.transcribe(audioPath, wav));

    expect(error).toMatchObject({ transient: false, status: 400 });
  });

  it('is transient on a rate limit and passes on Retry-After', async () => {
    server.failNext(429, { message: 'Rate limit reached', code: 'rate_limit_exceeded' }, 20);

    const error = await failure(sut.transcribe(audioPath, wav));

    expect(error).toMatchObject({ transient: true, status: 429, retryAfterMs: 20_000 });
  });

  it('is permanent when the quota is exhausted', async () => {
    server.failNext(429, {
      message: 'You exceeded your current quota',
      code: 'insufficient_quota',
    });

    const error = await failure(sut.transcribe(audioPath, wav));

    expect(error).toMatchObject({ transient: false, status: 429 });
  });

  it('is transient on a server error', async () => {
    server.failNext(503, { message: 'The server is overloaded' });

    const error = await failure(sut.transcribe(audioPath, wav));

    expect(error).toMatchObject({ transient: true, status: 503 });
  });

  it('is transient on a time-out', async () => {
    server.stallNext();
    sut = new OpenAiTranscriptionClient({
      baseUrl: server.baseUrl,
      apiKey,
      model: 'whisper-1',
      timeoutMs: 200,
    });

    const error = await failure(sut.transcribe(audioPath, wav));

    expect(error).toMatchObject({ transient: true, status: null });
    expect(error.message).toContain('timed out');
  });

  it('is transient when the service cannot be reached', async () => {
    const gone = await startLocalHttpServer(() => undefined);
    await gone.close();
    sut = new OpenAiTranscriptionClient({ baseUrl: `${gone.url}/v1`, apiKey, model: 'whisper-1' });

    const error = await failure(sut.transcribe(audioPath, wav));

    expect(error).toMatchObject({ transient: true, status: null });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('fails permanently on an answer it cannot read', async () => {
    await server.close();
    server = await startFakeTranscriptionServer({
      apiKey,
      models: ['whisper-1'],
      answer: { segments: [{ start: '0', end: 1, text: 'x' }] },
    });
    sut = new OpenAiTranscriptionClient({ baseUrl: server.baseUrl, apiKey, model: 'whisper-1' });

    const error = await failure(sut.transcribe(audioPath, wav));

    expect(error).toMatchObject({ transient: false });
    expect(error.message).toContain('unexpected transcription answer');
  });
});
