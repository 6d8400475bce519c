import { IsBoolean, IsNotEmpty, IsString, MaxLength } from 'class-validator';

/** Body of `PATCH /v1/calls/{call_id}/quality/items/{item_id}`: a reviewer's answer for one item. */
export class OverrideQualityItemDto {
  @IsBoolean()
  passed!: boolean;

  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  note!: string;
}
