import { Injectable } from '@nestjs/common';
import { NlpPool } from '../../nlp/nlp-pool.js';
import type { CallRecord } from '../call.types.js';
import { analysisWork } from './analysis.work.js';
import { CallPipelineStep, PipelineStep, type StepOutcome } from './call-pipeline-step.js';

/** Step 3: talk ratio, monologues, questions, sentiment and the rest, from the transcript. */
@Injectable()
@CallPipelineStep(30)
export class AnalysisStep implements PipelineStep {
  readonly name = 'analysis';

  constructor(private readonly nlp: NlpPool) {}

  async run(call: CallRecord): Promise<StepOutcome | void> {
    const segments = call.transcript?.segments ?? [];
    if (segments.length === 0) return;
    const analysis = await this.nlp.run(analysisWork, {
      segments,
      options: { userName: call.userName, durationSeconds: call.durationSeconds },
    });
    return {
      results: { analysis, durationSeconds: call.durationSeconds ?? analysis.duration_seconds },
    };
  }
}
