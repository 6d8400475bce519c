import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import type { CallDirection } from '../call.types.js';

export class ContactInputDto {
  @IsOptional() @IsString() @Length(1, 200) name?: string;
  @IsOptional() @IsString() @Length(3, 40) phone?: string;
  @IsOptional() @IsEmail() @Length(3, 320) email?: string;
  @IsOptional() @IsString() @Length(1, 200) company?: string;
}

/** The metadata every upload carries, in JSON and multipart alike. */
export class CallMetadataDto {
  @IsString() @Length(1, 200) user_id!: string;
  @IsOptional() @IsString() @Length(1, 200) user_name?: string;
  @IsOptional() @IsString() @Length(1, 200) external_id?: string;
  @IsOptional() @IsString() @Length(1, 500) title?: string;
  @IsOptional() @IsIn(['inbound', 'outbound']) direction?: CallDirection;
  @IsOptional() @IsISO8601({ strict: true }) started_at?: string;
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(172_800)
  duration_seconds?: number;
  @IsOptional()
  @Matches(/^[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*$/, {
    message: 'language must be a BCP 47 tag such as en or en-US',
  })
  language?: string;
  @IsOptional() @ValidateNested() @Type(() => ContactInputDto) contact?: ContactInputDto;
  @IsOptional() @IsObject() metadata?: Record<string, unknown>;
}

/** The JSON body of POST /calls/upload and each item of a batch. */
export class UploadCallDto extends CallMetadataDto {
  @IsOptional()
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  @Length(1, 2048)
  recording_url?: string;

  /** Text in any supported format, or a JSON transcript object; the parser validates it. */
  @IsOptional() @Allow() transcript?: string | Record<string, unknown>;
}

/** A batch item of a multipart batch also names the form fields holding its files. */
export class BatchItemDto extends UploadCallDto {
  @IsOptional() @IsString() @Length(1, 100) recording_file?: string;
  @IsOptional() @IsString() @Length(1, 100) transcript_file?: string;
}

export const MAX_BATCH_CALLS = 100;

/** Only the batch's shape; each item is validated on its own so errors can name the item's index. */
export class BatchUploadDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_CALLS)
  @IsObject({ each: true })
  calls!: Record<string, unknown>[];
}
