import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadOpenApiDocument, loadOpenApiYaml, OPENAPI_PATH } from './openapi-document.js';

describe(loadOpenApiDocument.name, () => {
  it('is the committed contract, parsed', () => {
    expect(loadOpenApiYaml()).toBe(readFileSync(OPENAPI_PATH, 'utf8'));
    expect(loadOpenApiDocument()).toEqual(parse(readFileSync(OPENAPI_PATH, 'utf8')));
  });

  it('is one shared copy, frozen all the way down so no reader can change it for the others', () => {
    const document = loadOpenApiDocument();
    expect(loadOpenApiDocument()).toBe(document);
    expect(Object.isFrozen(document)).toBe(true);
    expect(Object.isFrozen(document.paths['/calls'])).toBe(true);
    expect(() => {
      (document.info as { title: string }).title = 'changed';
    }).toThrow(TypeError);
  });
});
