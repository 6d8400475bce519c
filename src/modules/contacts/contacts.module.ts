import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module.js';
import { OrganizationsModule } from '../organizations/organizations.module.js';
import { ContactsController } from './contacts.controller.js';
import { ContactsService } from './contacts.service.js';
import { ContactCountersParticipant } from './pipeline/contact-counters.participant.js';
import { ContactStep } from './pipeline/contact.step.js';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ContactIdentifier } from './contact-identifier.entity.js';
import { Contact } from './contact.entity.js';
import { ContactRepository } from './contact.repository.js';

@Module({
  imports: [
    TypeOrmModule.forFeature([Contact, ContactIdentifier]),
    CallsModule,
    OrganizationsModule,
  ],
  controllers: [ContactsController],
  providers: [ContactsService, ContactRepository, ContactStep, ContactCountersParticipant],
  exports: [ContactsService],
})
export class ContactsModule {}
