import { Injectable } from '@nestjs/common';
import type { CallRecord } from '../../calls/call.types.js';
import {
  CallPipelineStep,
  PipelineStep,
  type StepChanges,
} from '../../calls/pipeline/call-pipeline-step.js';
import { QualityService } from '../quality.service.js';

/** Step 5: score the call against the organization's active checklist. */
@Injectable()
@CallPipelineStep(50)
export class QualityStep implements PipelineStep {
  readonly name = 'quality';

  constructor(private readonly quality: QualityService) {}

  run(call: CallRecord): Promise<StepChanges | void> {
    return this.quality.scoreProcessedCall(call);
  }
}
