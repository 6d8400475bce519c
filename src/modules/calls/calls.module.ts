import { Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdempotencyKey } from '../../common/idempotency/idempotency-key.entity.js';
import { IdempotencyService } from '../../common/idempotency/idempotency.service.js';
import type { EnvironmentVariables } from '../../config/env.validation.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { BatchesController } from './batches.controller.js';
import { CallBatch } from './call-batch.entity.js';
import { CallBatchRepository } from './call-batch.repository.js';
import { Call } from './call.entity.js';
import { CallRepository } from './call.repository.js';
import { CallsController } from './calls.controller.js';
import { CallContacts } from './call-contacts.js';
import { CallTasks } from './call-tasks.js';
import { CallsService } from './calls.service.js';
import { StaleUploadsSweep } from './jobs/stale-uploads.sweep.js';
import { UnfinishedCallsSweep } from './jobs/unfinished-calls.sweep.js';
import { AnalysisStep } from './pipeline/analysis.step.js';
import { CallPipeline } from './pipeline/call-pipeline.service.js';
import { RecordingStep } from './pipeline/recording.step.js';
import { TranscriptStep } from './pipeline/transcript.step.js';
import { RecordingStreamer } from './recording-streamer.service.js';
import { LocalDiskStorage } from './storage/local-disk.storage.js';
import { RecordingStorage } from './storage/recording-storage.js';
import { TranscriptionService } from './transcription/transcription.service.js';
import { UploadReader } from './upload/upload-reader.js';

@Module({
  imports: [
    DiscoveryModule,
    OrganizationsModule,
    TypeOrmModule.forFeature([Call, CallBatch, IdempotencyKey]),
  ],
  controllers: [CallsController, BatchesController],
  providers: [
    CallsService,
    CallRepository,
    CallBatchRepository,
    CallContacts,
    CallTasks,
    IdempotencyService,
    UploadReader,
    RecordingStreamer,
    TranscriptionService,
    CallPipeline,
    RecordingStep,
    TranscriptStep,
    AnalysisStep,
    UnfinishedCallsSweep,
    StaleUploadsSweep,
    {
      provide: RecordingStorage,
      inject: [ConfigService],
      useFactory: async (
        config: ConfigService<EnvironmentVariables, true>,
      ): Promise<RecordingStorage> => {
        const dataDir = config.get('DATA_DIR', { infer: true });
        if (config.get('STORAGE_DRIVER', { infer: true }) === 'local')
          return new LocalDiskStorage(dataDir);
        // Loaded only for S3: a process on local disk never loads the AWS SDK.
        const { S3Storage } = await import('./storage/s3.storage.js');
        const accessKeyId = config.get('S3_ACCESS_KEY_ID', { infer: true });
        const secretAccessKey = config.get('S3_SECRET_ACCESS_KEY', { infer: true });
        return new S3Storage({
          bucket: config.get('S3_BUCKET', { infer: true })!,
          region: config.get('S3_REGION', { infer: true }),
          endpoint: config.get('S3_ENDPOINT', { infer: true }),
          credentials:
            accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
          forcePathStyle: config.get('S3_FORCE_PATH_STYLE', { infer: true }),
          dataDir,
        });
      },
    },
  ],
  exports: [CallsService, CallPipeline, RecordingStorage],
})
export class CallsModule {}
