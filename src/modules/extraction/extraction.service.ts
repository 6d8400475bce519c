import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { Call } from '../calls/call.entity.js';
import type { ExtractedData } from './extraction.types.js';

@Injectable()
export class ExtractionService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** 404 for another organization's call, and until the extraction step has run. */
  async get(organizationId: string, callId: string): Promise<ExtractedData> {
    const call = await this.dataSource.getRepository(Call).findOne({
      where: { organizationId, id: callId },
      select: { id: true, extractedData: true },
    });
    if (!call) throw AppError.notFound('Call');
    if (!call.extractedData) throw AppError.notFound('Extracted data');
    return call.extractedData;
  }
}
