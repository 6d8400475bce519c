import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NlpPool } from '../../nlp/nlp-pool.js';
import { Call } from '../call.entity.js';
import { CallPipelineStep, PipelineStep } from './call-pipeline-step.js';

/** Step 3: talk ratio, monologues, questions, sentiment and the rest, from the transcript. */
@Injectable()
@CallPipelineStep(30)
export class AnalysisStep implements PipelineStep {
  readonly name = 'analysis';

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly nlp: NlpPool,
  ) {}

  async run(call: Call): Promise<void> {
    const segments = call.transcript?.segments ?? [];
    if (segments.length === 0) return;
    const analysis = await this.nlp.analyze(segments, {
      userName: call.userName,
      durationSeconds: call.durationSeconds,
    });
    await this.dataSource
      .getRepository(Call)
      .update(
        { id: call.id, organizationId: call.organizationId },
        { analysis, durationSeconds: call.durationSeconds ?? analysis.duration_seconds },
      );
  }
}
