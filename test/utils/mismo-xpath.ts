import { DOMParser } from '@xmldom/xmldom';
import { useNamespaces } from 'xpath';
import { MISMO_NAMESPACE } from '../../src/modules/mismo/mismo-builder.js';

/** XPath 1.0 over MISMO documents, with `m:` bound to the MISMO namespace. */
const select = useNamespaces({ m: MISMO_NAMESPACE });

/** Parses a document; any well-formedness problem throws instead of yielding a partial tree. */
export function parseXml(xml: string): Node {
  const problems: string[] = [];
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') problems.push(message);
    },
  }).parseFromString(xml, 'text/xml');
  if (problems.length > 0) throw new Error(`Not well-formed XML: ${problems.join('; ')}`);
  return doc as unknown as Node;
}

export function nodes(context: Node, expression: string): Node[] {
  const result = select(expression, context);
  if (!Array.isArray(result)) throw new Error(`${expression} does not select nodes`);
  return result;
}

/** The text content of every node `expression` selects, in document order. */
export function texts(context: Node, expression: string): (string | null)[] {
  return nodes(context, expression).map((node) => node.textContent);
}

/** A string, number or boolean XPath expression (`count(…)`, `string(…)`, `namespace-uri(…)`). */
export function value(context: Node, expression: string): string | number | boolean {
  const result = select(expression, context);
  if (typeof result === 'object') throw new Error(`${expression} does not evaluate to a value`);
  return result;
}
