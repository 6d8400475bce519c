import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { Auth, Authenticated } from '../../common/auth/authenticated.decorator.js';
import type { AuthContext } from '../api-keys/auth-context.js';
import type { Schemas } from '../../common/http/openapi-types.js';
import { UuidParam } from '../../common/http/params.js';
import { Paginated } from '../../common/pagination/paginated.js';
import { ListTasksQueryDto } from './dto/list-tasks-query.dto.js';
import { UpdateTaskDto } from './dto/update-task.dto.js';
import { toTaskResponse } from './task.mapper.js';
import { TasksService } from './tasks.service.js';

@Controller('tasks')
export class TasksController {
  constructor(private readonly tasks: TasksService) {}

  @Get()
  @Authenticated({ scope: 'calls:read' })
  async list(
    @Auth() auth: AuthContext,
    @Query() query: ListTasksQueryDto,
  ): Promise<Paginated<Schemas['Task']>> {
    const [tasks, total] = await this.tasks.list(auth.organization.id, query);
    return new Paginated(tasks.map(toTaskResponse), total, query.limit, query.offset);
  }

  @Get(':task_id')
  @Authenticated({ scope: 'calls:read' })
  async get(
    @Auth() auth: AuthContext,
    @UuidParam('task_id', 'Task') id: string,
  ): Promise<Schemas['Task']> {
    return toTaskResponse(await this.tasks.get(auth.organization.id, id));
  }

  @Patch(':task_id')
  @Authenticated({ scope: 'calls:write' })
  async update(
    @Auth() auth: AuthContext,
    @UuidParam('task_id', 'Task') id: string,
    @Body() dto: UpdateTaskDto,
  ): Promise<Schemas['Task']> {
    return toTaskResponse(await this.tasks.update(auth.organization.id, id, dto));
  }
}
