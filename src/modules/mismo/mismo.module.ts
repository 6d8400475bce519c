import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { ContactsModule } from '../contacts/contacts.module.js';
import { MismoController } from './mismo.controller.js';
import { MismoService } from './mismo.service.js';
import { MismoStep } from './pipeline/mismo.step.js';

/** MISMO 3.4 documents for mortgage calls: the pipeline step that builds them and the endpoint that serves them. */
@Module({
  imports: [CallsModule, ContactsModule],
  controllers: [MismoController],
  providers: [MismoService, MismoStep],
})
export class MismoModule {}
