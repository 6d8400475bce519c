import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  Auth,
  Authenticated,
  OwnOrganizationId,
} from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from './auth-context.js';
import { UuidParam } from '../../common/http/params.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { Paginated } from '../../common/pagination/paginated.js';
import { PaginationQueryDto } from '../../common/pagination/pagination-query.dto.js';
import { toApiKeyResponse, toApiKeyWithSecret } from './api-key.mapper.js';
import { ApiKeysService } from './api-keys.service.js';
import { CreateApiKeyDto, RotateApiKeyDto, UpdateApiKeyDto } from './dto/api-key.dto.js';

@Controller('organizations/:organizationId/api-keys')
export class ApiKeysController {
  constructor(private readonly service: ApiKeysService) {}

  @Post()
  @Authenticated({ scope: 'keys:admin' })
  async create(
    @OwnOrganizationId() _org: string,
    @Auth() auth: AuthContext,
    @Body() dto: CreateApiKeyDto,
  ): Promise<Schemas['ApiKeyWithSecret']> {
    const { key, secret } = await this.service.create(auth.organization, dto, auth.apiKey);
    return toApiKeyWithSecret(key, auth.organization, secret);
  }

  @Get()
  @Authenticated({ scope: 'keys:admin' })
  async list(
    @OwnOrganizationId() orgId: string,
    @Auth() auth: AuthContext,
    @Query() page: PaginationQueryDto,
  ): Promise<Paginated<Schemas['ApiKey']>> {
    const [keys, total] = await this.service.list(orgId, page.limit, page.offset);
    return new Paginated(
      keys.map((k) => toApiKeyResponse(k, auth.organization)),
      total,
      page.limit,
      page.offset,
    );
  }

  @Get(':keyId')
  @Authenticated({ scope: 'keys:admin' })
  async get(
    @OwnOrganizationId() orgId: string,
    @Auth() auth: AuthContext,
    @UuidParam('keyId', 'API key') id: string,
  ): Promise<Schemas['ApiKey']> {
    return toApiKeyResponse(await this.service.get(orgId, id), auth.organization);
  }

  @Patch(':keyId')
  @Authenticated({ scope: 'keys:admin' })
  async update(
    @OwnOrganizationId() _org: string,
    @Auth() auth: AuthContext,
    @UuidParam('keyId', 'API key') id: string,
    @Body() dto: UpdateApiKeyDto,
  ): Promise<Schemas['ApiKey']> {
    return toApiKeyResponse(
      await this.service.update(auth.organization, id, dto, auth.apiKey),
      auth.organization,
    );
  }

  @Delete(':keyId')
  @Authenticated({ scope: 'keys:admin' })
  async revoke(
    @OwnOrganizationId() orgId: string,
    @Auth() auth: AuthContext,
    @UuidParam('keyId', 'API key') id: string,
  ): Promise<Schemas['ApiKey']> {
    return toApiKeyResponse(await this.service.revoke(orgId, id, auth.apiKey), auth.organization);
  }

  @Post(':keyId/rotate')
  @HttpCode(200)
  @Authenticated({ scope: 'keys:admin' })
  async rotate(
    @OwnOrganizationId() orgId: string,
    @Auth() auth: AuthContext,
    @UuidParam('keyId', 'API key') id: string,
    @Body() dto: RotateApiKeyDto,
  ): Promise<Schemas['ApiKeyWithSecret']> {
    const { key, secret } = await this.service.rotate(orgId, id, dto, auth.apiKey);
    return toApiKeyWithSecret(key, auth.organization, secret);
  }
}
