import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, MaxLength } from 'class-validator';

/**
 * A JSON merge patch: an absent field is left alone, `null` clears it. Emails and phones
 * are only checked for shape here; the service validates and normalises each one so the
 * error can name the item and its value.
 */
export class UpdateContactDto {
  @IsOptional() @IsString() @MaxLength(200) name?: string | null;
  @IsOptional() @IsString() @MaxLength(200) company?: string | null;
  @IsOptional() @IsString() @MaxLength(200) title?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(320, { each: true })
  emails?: string[] | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  phones?: string[] | null;

  @IsOptional() @IsObject() custom_fields?: Record<string, unknown> | null;
}
