import { Controller, Get, Header } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { Public } from '../../common/auth/authenticated.decorator.js';
import { RawResponse } from '../../common/http/envelope.interceptor.js';
import { loadOpenApiDocument, loadOpenApiYaml } from './openapi-document.js';

/** The committed contract, as written: what Swagger UI shows and what frontend teams import. */
@Controller()
@Public()
@SkipThrottle()
export class DocsController {
  private readonly yaml = loadOpenApiYaml();
  private readonly document = loadOpenApiDocument();

  @Get('openapi.yaml')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  yamlSpec(): RawResponse<string> {
    return new RawResponse(this.yaml);
  }

  @Get('openapi.json')
  jsonSpec(): RawResponse<OpenAPIObject> {
    return new RawResponse(this.document);
  }
}
