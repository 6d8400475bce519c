import { Injectable } from '@nestjs/common';
import { AppError } from '../../common/errors/app-error.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { CallsService } from '../calls/calls.service.js';

@Injectable()
export class MismoService {
  constructor(private readonly calls: CallsService) {}

  /** The stored document; 404 for another organization's call and for a call without one. */
  async get(organizationId: string, callId: string): Promise<string> {
    const call = await this.calls.findFields(organizationId, callId, ['mismoXml']);
    if (!call) throw AppError.notFound('Call');
    if (!call.mismoXml) throw new AppError(ErrorCode.NotFound, 'No MISMO document for this call');
    return call.mismoXml;
  }
}
