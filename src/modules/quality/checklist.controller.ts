import { Body, Controller, Get, Put } from '@nestjs/common';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { ChecklistService } from './checklists/checklist.service.js';
import { ReplaceChecklistDto, toChecklistItems } from './dto/replace-checklist.dto.js';
import { toChecklistResponse } from './quality.mapper.js';

@Controller('quality/checklist')
export class ChecklistController {
  constructor(private readonly checklists: ChecklistService) {}

  @Get()
  @Authenticated({ scope: 'quality:read' })
  async get(@Auth() auth: AuthContext): Promise<Schemas['Checklist']> {
    return toChecklistResponse(await this.checklists.active(auth.organization.id));
  }

  @Put()
  @Authenticated({ scope: 'quality:write' })
  async replace(
    @Auth() auth: AuthContext,
    @Body() dto: ReplaceChecklistDto,
  ): Promise<Schemas['Checklist']> {
    return toChecklistResponse(
      await this.checklists.replace(auth.organization.id, dto.name, toChecklistItems(dto.items)),
    );
  }
}
