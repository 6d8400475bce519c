import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { PaginationQueryDto } from '../../../common/pagination/pagination-query.dto.js';
import { WEBHOOK_EVENT_TYPES } from '../outbox/webhook-event.types.js';
import type { WebhookDeliveryStatus } from '../webhook-delivery.entity.js';
import type { WebhookSubscription } from '../webhook-endpoint.entity.js';

const SUBSCRIPTIONS: WebhookSubscription[] = [...WEBHOOK_EVENT_TYPES, '*'];
const DELIVERY_STATUSES: WebhookDeliveryStatus[] = ['pending', 'succeeded', 'failed'];

/** `*` means every event, so it stands alone. */
const WildcardAlone = () =>
  ValidateBy({
    name: 'wildcardAlone',
    validator: {
      validate: (value: unknown) =>
        !Array.isArray(value) || !value.includes('*') || value.length === 1,
      defaultMessage: () => 'events must be a non-empty subset of the catalogue, or ["*"]',
    },
  });

/** Present fields must not be null (only description may be cleared). */
const given = (value: unknown) => value !== undefined;

export class CreateWebhookDto {
  @IsString() @MaxLength(2048) url!: string;

  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(SUBSCRIPTIONS, { each: true })
  @WildcardAlone()
  events!: WebhookSubscription[];

  @IsOptional() @IsString() @MaxLength(500) description?: string;

  @IsOptional() @IsBoolean() enabled?: boolean;
}

export class UpdateWebhookDto {
  @ValidateIf((o: UpdateWebhookDto) => given(o.url)) @IsString() @MaxLength(2048) url?: string;

  @ValidateIf((o: UpdateWebhookDto) => given(o.events))
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(SUBSCRIPTIONS, { each: true })
  @WildcardAlone()
  events?: WebhookSubscription[];

  @IsOptional() @IsString() @MaxLength(500) description?: string | null;

  @ValidateIf((o: UpdateWebhookDto) => given(o.enabled)) @IsBoolean() enabled?: boolean;
}

export class ListDeliveriesQueryDto extends PaginationQueryDto {
  @IsOptional() @IsIn(DELIVERY_STATUSES) status?: WebhookDeliveryStatus;
}
