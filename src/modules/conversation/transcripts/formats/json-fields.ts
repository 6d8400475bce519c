import { TranscriptFormatError } from '../transcript-format.error.js';
import type { TranscriptSegment } from '../transcript.types.js';
import { isJsonObject, type JsonObject } from './source-transcript.js';

/** Reads fields of a JSON transcript, failing with the JSON path and the format's expected shape. */
export class JsonFields {
  constructor(private readonly expected: string) {}

  fail(message: string): never {
    throw new TranscriptFormatError(message, this.expected);
  }

  object(value: unknown, path: string): JsonObject {
    return isJsonObject(value) ? value : this.fail(`${path} must be an object`);
  }

  array(value: unknown, path: string): unknown[] {
    return Array.isArray(value) ? value : this.fail(`${path} must be an array`);
  }

  text(value: unknown, path: string): string {
    return typeof value === 'string' ? value : this.fail(`${path} must be a string`);
  }

  /** A time in the source's unit, returned in seconds. */
  seconds(value: unknown, path: string, unitsPerSecond = 1): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      this.fail(`${path} must be a non-negative number`);
    }
    return value / unitsPerSecond;
  }

  /** The start and end of `item`, checked to be in order. */
  span(
    item: JsonObject,
    path: string,
    unitsPerSecond = 1,
  ): Pick<TranscriptSegment, 'start' | 'end'> {
    const start = this.seconds(item.start, `${path}.start`, unitsPerSecond);
    const end = this.seconds(item.end, `${path}.end`, unitsPerSecond);
    if (end < start) this.fail(`${path} ends before it starts`);
    return { start, end };
  }
}
