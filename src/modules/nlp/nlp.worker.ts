import { doNlpWork } from './nlp-work.js';

/** The module each NLP pool thread loads: Piscina calls its default export once per task. */
export default doNlpWork;
