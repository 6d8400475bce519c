import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts/contacts.module.js';
import { MismoController } from './mismo.controller.js';
import { MismoService } from './mismo.service.js';
import { MismoStep } from './mismo.step.js';

/** MISMO 3.4 documents for mortgage calls: the pipeline step that builds them and the endpoint that serves them. */
@Module({
  imports: [ContactsModule],
  controllers: [MismoController],
  providers: [MismoService, MismoStep],
})
export class MismoModule {}
