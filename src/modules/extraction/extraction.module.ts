import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { CallsModule } from '../calls/calls.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { ExtractionReader } from './extraction-reader.js';
import { ExtractionController } from './extraction.controller.js';
import { ExtractionService } from './extraction.service.js';
import { ExtractionStep } from './pipeline/extraction.step.js';

/** Structured data from transcripts: the pipeline step that extracts it and the endpoint that returns it. */
@Module({
  imports: [DiscoveryModule, CallsModule, ContactsModule],
  controllers: [ExtractionController],
  providers: [ExtractionService, ExtractionReader, ExtractionStep],
})
export class ExtractionModule {}
