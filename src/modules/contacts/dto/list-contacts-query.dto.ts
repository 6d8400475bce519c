import { IsEmail, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination/pagination-query.dto.js';

export class ListContactsQueryDto extends PaginationQueryDto {
  @IsOptional() @IsString() @Length(1, 200) q?: string;
  @IsOptional() @IsEmail() @MaxLength(320) email?: string;
  @IsOptional() @IsString() @Length(3, 40) phone?: string;
}
