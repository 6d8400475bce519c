import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { Call } from '../calls/call.entity.js';

@Injectable()
export class MismoService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The stored document; 404 for another organization's call and for a call without one. */
  async get(organizationId: string, callId: string): Promise<string> {
    const call = await this.dataSource.getRepository(Call).findOne({
      where: { organizationId, id: callId },
      select: { id: true, mismoXml: true },
    });
    if (!call) throw AppError.notFound('Call');
    if (!call.mismoXml) throw new AppError(ErrorCode.NotFound, 'No MISMO document for this call');
    return call.mismoXml;
  }
}
