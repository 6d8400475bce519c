import { Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { discoverProviders } from '../../common/discovery/discover-providers.js';
import type { TranscriptSegment } from '../conversation/index.js';
import { NlpPool } from '../nlp/nlp-pool.js';
import type { ExtractedData, ExtractionContext } from './extraction.types.js';
import { extractionWork } from './extraction.work.js';

export interface ExtractionReading {
  extract(
    segments: readonly TranscriptSegment[],
    context: ExtractionContext,
  ): Promise<ExtractedData>;
}

/**
 * Marks a provider that reads the extracted data together with what it reads itself, from one
 * parse of each sentence (the parse is most of the work). The tasks module does, for the promises
 * made on the call; it depends on this module, so its reader is found by discovery.
 */
export const ProvidesExtractionReading = DiscoveryService.createDecorator<void>();

/** The extraction step's reading of a transcript, on the NLP pool: its own, or a shared one. */
@Injectable()
export class ExtractionReader implements ExtractionReading {
  private shared?: ExtractionReading | null;

  constructor(
    private readonly nlp: NlpPool,
    private readonly discovery: DiscoveryService,
  ) {}

  extract(
    segments: readonly TranscriptSegment[],
    context: ExtractionContext,
  ): Promise<ExtractedData> {
    const shared = this.resolve();
    return shared
      ? shared.extract(segments, context)
      : this.nlp.run(extractionWork, { segments, context });
  }

  /** On first use, once every module is built. */
  private resolve(): ExtractionReading | null {
    if (this.shared === undefined) {
      const found = discoverProviders(this.discovery, ProvidesExtractionReading);
      if (found.length > 1)
        throw new Error(`Expected at most one @ProvidesExtractionReading(), found ${found.length}`);
      this.shared = (found[0]?.instance as ExtractionReading | undefined) ?? null;
    }
    return this.shared;
  }
}
