import type { ServerResponse } from 'node:http';
import {
  readRequestBody,
  startLocalHttpServer,
  type LocalHttpServer,
} from '../../../../common/net/testing/local-http-server.js';

/** Extensions the OpenAI transcription endpoint accepts; it judges the format by the file name. */
const SUPPORTED_EXTENSIONS = ['flac', 'mp3', 'mp4', 'mpeg', 'mpga', 'm4a', 'ogg', 'wav', 'webm'];
const RESPONSE_FORMATS = ['json', 'text', 'srt', 'verbose_json', 'vtt'];

export interface ReceivedTranscriptionRequest {
  authorization: string | undefined;
  model: string;
  responseFormat: string | null;
  language: string | null;
  timestampGranularities: string[];
  filename: string;
  fileType: string;
  fileBytes: Buffer;
}

export interface FakeTranscriptionOptions {
  /** Null: the server takes no key, as self-hosted ones often do. */
  apiKey: string | null;
  models: string[];
  /** The `verbose_json` answer to send on success. */
  answer: Record<string, unknown>;
}

export interface FakeTranscriptionServer extends LocalHttpServer {
  /** The base URL a client is configured with, `…/v1`. */
  baseUrl: string;
  received: ReceivedTranscriptionRequest[];
  /** The next request gets this status and OpenAI-style error body instead. */
  failNext(
    status: number,
    error: { message: string; code?: string },
    retryAfterSeconds?: number,
  ): void;
  /** The next request is accepted but never answered. */
  stallNext(): void;
}

/**
 * A stand-in for `POST /v1/audio/transcriptions` that reads the multipart body with a real parser
 * (the platform's `Response.formData()`) and refuses what the real API refuses: a wrong key, a
 * request that is not multipart, a missing or nameless file, an unsupported file extension, an
 * unknown model, an unknown response_format, timestamp granularities without verbose_json, and a
 * language that is not ISO 639-1.
 */
export async function startFakeTranscriptionServer(
  options: FakeTranscriptionOptions,
): Promise<FakeTranscriptionServer> {
  const received: ReceivedTranscriptionRequest[] = [];
  const scripted: (
    | { status: number; error: { message: string; code?: string }; retryAfterSeconds?: number }
    | 'stall'
  )[] = [];

  const server = await startLocalHttpServer(async (request, response) => {
    const raw = await readRequestBody(request);
    const next = scripted.shift();
    if (next === 'stall') {
      return;
    }
    if (next !== undefined) {
      const headers: Record<string, string> =
        next.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(next.retryAfterSeconds) };
      return sendError(response, next.status, next.error.message, next.error.code, headers);
    }
    if (request.method !== 'POST' || request.url !== '/v1/audio/transcriptions') {
      return sendError(response, 404, `Invalid URL (${request.method} ${request.url})`);
    }
    if (options.apiKey !== null && request.headers.authorization !== `Bearer ${options.apiKey}`) {
      return sendError(response, 401, 'Incorrect API key provided.', 'invalid_api_key');
    }
    const contentType = request.headers['content-type'] ?? '';
    if (!contentType.startsWith('multipart/form-data')) {
      return sendError(response, 400, 'Content-type must be multipart/form-data.');
    }
    let form: FormData;
    try {
      form = await new Response(new Uint8Array(raw), {
        headers: { 'content-type': contentType },
      }).formData();
    } catch {
      return sendError(response, 400, 'Could not parse multipart form.');
    }
    const file = form.get('file');
    if (!(file instanceof File) || file.name === '' || file.size === 0) {
      return sendError(response, 400, "Missing required parameter: 'file'.");
    }
    const extension = file.name.split('.').pop()?.toLowerCase() ?? '';
    if (!SUPPORTED_EXTENSIONS.includes(extension)) {
      return sendError(
        response,
        400,
        `Invalid file format. Supported formats: ${SUPPORTED_EXTENSIONS.join(', ')}`,
      );
    }
    const model = form.get('model');
    if (typeof model !== 'string' || !options.models.includes(model)) {
      return sendError(response, 400, `Invalid model: ${String(model)}`, 'model_not_found');
    }
    const responseFormat = form.get('response_format');
    if (typeof responseFormat === 'string' && !RESPONSE_FORMATS.includes(responseFormat)) {
      return sendError(response, 400, `Invalid response_format: ${responseFormat}`);
    }
    const granularities = form.getAll('timestamp_granularities[]').map(String);
    if (granularities.length > 0 && responseFormat !== 'verbose_json') {
      return sendError(
        response,
        400,
        'timestamp_granularities requires response_format=verbose_json',
      );
    }
    const language = form.get('language');
    if (language !== null && !/^[a-z]{2}$/.test(String(language))) {
      return sendError(response, 400, `Invalid language '${String(language)}'. Use ISO-639-1.`);
    }
    received.push({
      authorization: request.headers.authorization,
      model,
      responseFormat: typeof responseFormat === 'string' ? responseFormat : null,
      language: language === null ? null : String(language),
      timestampGranularities: granularities,
      filename: file.name,
      fileType: file.type,
      fileBytes: Buffer.from(await file.arrayBuffer()),
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(options.answer));
  });

  return {
    ...server,
    baseUrl: `${server.url}/v1`,
    received,
    failNext: (status, error, retryAfterSeconds) =>
      scripted.push({ status, error, retryAfterSeconds }),
    stallNext: () => scripted.push('stall'),
  };
}

function sendError(
  response: ServerResponse,
  status: number,
  message: string,
  code: string | null = null,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(
    JSON.stringify({ error: { message, type: 'invalid_request_error', param: null, code } }),
  );
}
