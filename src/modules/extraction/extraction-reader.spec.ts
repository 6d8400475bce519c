import { Injectable } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { TranscriptSegment } from '../conversation/index.js';
import { NlpPool } from '../nlp/nlp-pool.js';
import { extractCallData } from './data-extractor.js';
import {
  ExtractionReader,
  ProvidesExtractionReading,
  type ExtractionReading,
} from './extraction-reader.js';
import type { ExtractedData, ExtractionContext } from './extraction.types.js';

const segments: TranscriptSegment[] = [
  { speaker: 'Mike', role: null, start: 0, end: 5, text: 'My email is mike@example.com.' },
];
const context: ExtractionContext = {
  startedAt: new Date('2025-03-12T15:00:00Z'),
  agentSpeaker: 'Sarah',
  defaultRegion: 'US',
  now: new Date('2025-03-12T16:00:00Z'),
};
const SHARED = { extracted_at: 'shared' } as ExtractedData;

@Injectable()
@ProvidesExtractionReading()
class SharedReading implements ExtractionReading {
  extract(): Promise<ExtractedData> {
    return Promise.resolve(SHARED);
  }
}

async function readerWith(...providers: (typeof SharedReading)[]): Promise<ExtractionReader> {
  const moduleRef = await Test.createTestingModule({
    imports: [DiscoveryModule],
    providers: [
      ExtractionReader,
      {
        provide: NlpPool,
        useValue: new NlpPool({ workerFile: null, threads: 1, timeoutMs: 1000 }),
      },
      ...providers,
    ],
  }).compile();
  return moduleRef.get(ExtractionReader);
}

describe(ExtractionReader.name, () => {
  it('reads the transcript itself when no other module shares the reading', async () => {
    const sut = await readerWith();
    await expect(sut.extract(segments, context)).resolves.toEqual(
      extractCallData(segments, context),
    );
  });

  it('hands the reading to the provider that shares it', async () => {
    const sut = await readerWith(SharedReading);
    await expect(sut.extract(segments, context)).resolves.toBe(SHARED);
  });
});
