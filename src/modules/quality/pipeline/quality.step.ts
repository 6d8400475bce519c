import { Injectable } from '@nestjs/common';
import type { CallRecord } from '../../calls/call.types.js';
import {
  CallPipelineStep,
  PipelineStep,
  type StepOutcome,
} from '../../calls/pipeline/call-pipeline-step.js';
import { QualityService } from '../quality.service.js';

/** Step 5: score the call against the organization's active checklist; stored when the call finishes. */
@Injectable()
@CallPipelineStep(50)
export class QualityStep implements PipelineStep {
  readonly name = 'quality';

  constructor(private readonly quality: QualityService) {}

  async run(call: CallRecord): Promise<StepOutcome | void> {
    const results = await this.quality.scoreProcessedCall(call);
    if (results) return { results };
  }
}
