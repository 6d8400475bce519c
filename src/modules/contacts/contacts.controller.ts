import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { UuidParam } from '../../common/http/params.js';
import { Paginated } from '../../common/pagination/paginated.js';
import { toCallSummary } from '../calls/call.mapper.js';
import { toContactDetail, toContactResponse } from './contact.mapper.js';
import { ContactsService } from './contacts.service.js';
import { ListContactsQueryDto } from './dto/list-contacts-query.dto.js';
import { UpdateContactDto } from './dto/update-contact.dto.js';

@Controller('contacts')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @Authenticated({ scope: 'contacts:read' })
  async list(
    @Auth() auth: AuthContext,
    @Query() query: ListContactsQueryDto,
  ): Promise<Paginated<Schemas['Contact']>> {
    const [contacts, total] = await this.contacts.list(auth.organization, query);
    return new Paginated(contacts.map(toContactResponse), total, query.limit, query.offset);
  }

  @Get(':contact_id')
  @Authenticated({ scope: 'contacts:read' })
  async get(
    @Auth() auth: AuthContext,
    @UuidParam('contact_id', 'Contact') id: string,
  ): Promise<Schemas['ContactDetail']> {
    const { contact, recentCalls, stats } = await this.contacts.detail(auth.organization.id, id);
    return toContactDetail(contact, recentCalls.map(toCallSummary), stats);
  }

  @Patch(':contact_id')
  @Authenticated({ scope: 'contacts:write' })
  async update(
    @Auth() auth: AuthContext,
    @UuidParam('contact_id', 'Contact') id: string,
    @Body() patch: UpdateContactDto,
  ): Promise<Schemas['Contact']> {
    return toContactResponse(await this.contacts.update(auth.organization, id, patch));
  }
}
