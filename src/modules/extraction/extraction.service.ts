import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { CallsService } from '../calls/calls.service.js';
import type { ExtractedData } from './extraction.types.js';

@Injectable()
export class ExtractionService {
  constructor(private readonly calls: CallsService) {}

  /** 404 for another organization's call, and until the extraction step has run. */
  async get(organizationId: string, callId: string): Promise<ExtractedData> {
    const call = await this.calls.findFields(organizationId, callId, ['extractedData']);
    if (!call) throw AppError.notFound('Call');
    if (!call.extractedData) throw AppError.notFound('Extracted data');
    return call.extractedData;
  }
}
