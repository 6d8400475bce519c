import { analysisWork } from './modules/calls/pipeline/analysis.work.js';
import { extractionWork } from './modules/extraction/extraction.work.js';
import { nlpWorker, warmUp } from './modules/nlp/nlp-work.js';
import {
  taskDetectionWork,
  transcriptReadingWork,
} from './modules/tasks/detection/task-detection.work.js';

/**
 * The module each NLP pool thread loads (see `NlpModule.forRoot`): every feature's NLP work, by
 * name. A composition root, like app.module.ts: only here may the features meet.
 */
const works = [analysisWork, extractionWork, taskDetectionWork, transcriptReadingWork];
// Before the thread takes its first request (Piscina waits for the module to load).
await warmUp(works);
export default nlpWorker(works);
