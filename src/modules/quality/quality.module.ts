import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CallsModule } from '../calls/calls.module.js';
import { CallQualityController } from './call-quality.controller.js';
import { ChecklistController } from './checklist.controller.js';
import { ChecklistService } from './checklists/checklist.service.js';
import { QualityStep } from './pipeline/quality.step.js';
import { QualityScoreNotifier } from './quality-score-notifier.service.js';
import { QualityService } from './quality.service.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { QualityChecklist } from './checklists/quality-checklist.entity.js';
import { QualityChecklistRepository } from './checklists/quality-checklist.repository.js';

@Module({
  imports: [TypeOrmModule.forFeature([QualityChecklist]), DiscoveryModule, CallsModule],
  controllers: [ChecklistController, CallQualityController],
  providers: [
    ChecklistService,
    QualityChecklistRepository,
    QualityService,
    QualityScoreNotifier,
    QualityStep,
  ],
  exports: [QualityService],
})
export class QualityModule {}
