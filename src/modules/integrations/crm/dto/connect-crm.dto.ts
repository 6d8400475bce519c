import { IsIn, IsOptional, IsString, IsUrl, Length } from 'class-validator';
import type { CrmProvider } from '../crm-integration.types.js';

export class ConnectCrmDto {
  @IsIn(['hubspot']) provider!: CrmProvider;
  @IsString() @Length(1, 2048) access_token!: string;
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  @Length(1, 2048)
  base_url?: string;
}
